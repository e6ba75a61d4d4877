"""labs/pipe-create/checks.py: the pipe-creation lab's checks (labs/lib/labgrade.py explains the API). Pipe events
carry `readers` and `writers`: the open files (descriptions) of each end, not the descriptors: dup and fork add
descriptors, not files, so they do not change them; `pipe.close` is the last reference to one end's file going."""
from labgrade import check

SIGPIPE = 13


@check("create", 3, "pipe takes the lowest free descriptors: 3 (read), then 5 (write), 4 being taken")
def create_lowest(s):
    p = s.pid("create")
    c = s.expect("pipe.create", "the program's pipe", pid=p)
    s.require(c["fds"] == [3, 5], f"expected the pipe's descriptors [3, 5] (3 was closed, 4 is /dev/null, so the "
              f"lowest free numbers are 3 and then 5), got {c['fds']}", near=c)
    s.require(c["readers"] == 1 and c["writers"] == 1, f"expected one reader file and one writer file, got readers="
              f"{c['readers']} writers={c['writers']}", near=c)
    s.expect_output("create: pipe gave read end 3, write end 5")


@check("create", 3, "two open files, one pipe inode: what goes in the write end comes out of the read end")
def create_two_files(s):
    s.expect_output("create:   fd 3: pipe, read-only")
    s.expect_output("create:   fd 5: pipe, write-only")
    s.expect_output("create: both ends are the same inode: yes")
    s.expect_output("create: a byte written into 5 is read from 3: yes")
    s.expect_output("create: read from the write end: Bad file descriptor")
    s.expect_status(0)


@check("dup", 3, "closing a descriptor whose open file another descriptor shares releases nothing")
def dup_shared(s):
    p = s.pid("dup")
    c = s.expect("pipe.create", "the program's pipe", pid=p)
    m1 = s.expect("trace.mark", "the program's mark after close(4)", pid=p, text=lambda t: t.startswith("dup: closed 4"))
    w = s.expect("pipe.write", "the write through the duplicate (writers still 1)", after=m1, pid=p,
                 pipe=c["pipe"], n=21)
    s.require(w["writers"] == 1, f"expected writers=1: close(4) removed a descriptor, not the open file dup(4) "
              f"shares; writers is {w['writers']}", near=w)
    s.expect_none("pipe.close", "release of the write end at close(4) (descriptor 5 still refers to it)",
                  before=w, pipe=c["pipe"])
    m2 = s.expect("trace.mark", "the program's mark after close(3)", pid=p, text=lambda t: t.startswith("dup: closed 3"))
    r = s.expect("pipe.read", "the read through descriptor 10 (dup2 of 3)", after=m2, pid=p, pipe=c["pipe"], n=21)
    s.expect_none("pipe.close", "release of the read end at close(3) (descriptor 10 still refers to it)", after=m2,
                  before=r, pipe=c["pipe"])


@check("dup", 3, "the last close of each end releases it: end of file after the write end, the pipe freed after both")
def dup_last_close(s):
    p = s.pid("dup")
    c = s.expect("pipe.create", "the program's pipe", pid=p)
    wc = s.expect("pipe.close", "close(5), the last reference to the write end (writers 0)", pid=p, pipe=c["pipe"],
                  end="write", writers=0)
    s.expect("pipe.read", "then read to return 0: end of file", after=wc, pid=p, pipe=c["pipe"], n=0)
    m = s.expect("trace.mark", "the program's mark after close(10)", pid=p, text="dup: closed 10")
    rc = s.find("pipe.close", after=wc, before=m, pid=p, pipe=c["pipe"], end="read")
    s.require(rc is not None and rc["freed"], "expected the read end released and the pipe freed at close(10): "
              "another descriptor (3?) still refers to the read end. After dup2(3, 10), close(3), or the pipe lives "
              "until the process exits", near=rc or m)
    s.expect_output("dup: after closing 5, read from 10 returns 0 (end of file)")
    s.expect_status(0)


@check("eof", 4, "after fork both processes hold both ends; end of file comes when the child closed its write copy too")
def eof_all_writers(s):
    p = s.pid("eof")
    c = s.expect("pipe.create", "the program's pipe", pid=p)
    kids = s.children(p)
    s.require(kids, "expected the program to fork a reader child")
    k = kids[0]
    blk = s.expect("pipe.block", "the child to wait in read on the empty pipe", pid=k, pipe=c["pipe"], op="read")
    s.require(blk["writers"] == 1 and blk["readers"] == 1, f"expected fork to leave one reader and one writer file "
              f"(it copies descriptors, not files), got readers={blk['readers']} writers={blk['writers']}", near=blk)
    wc = s.find("pipe.close", pipe=c["pipe"], end="write")
    s.require(wc is not None, "expected the write end released once the parent closed it (pipe.close end=\"write\", "
              "writers 0); it never was, so the child's read never sees end of file: the child still holds its own "
              "copy of the write end from fork. A reader must close its copy of the write end, or it waits for "
              "itself", near=s.find("pipe.write", pid=p, pipe=c["pipe"]) or blk)
    s.expect("pipe.read", "the child's read to return 0 (end of file)", after=wc, pid=k, pipe=c["pipe"], n=0)
    s.expect_output("eof: child read 12 bytes, then end of file")
    s.expect_status(0)


@check("epipe", 3, "writing with no reader: SIGPIPE kills the writer; ignored, write fails with EPIPE")
def epipe(s):
    p = s.pid("epipe")
    c = s.expect("pipe.create", "the program's pipe", pid=p)
    rc = s.expect("pipe.close", "the read end closed first (readers 0)", pid=p, pipe=c["pipe"], end="read", readers=0)
    k = s.children(p)[0] if s.children(p) else None
    s.require(k is not None, "expected the program to fork a writer child")
    g = s.expect("sig.generate", "the child's write to send it SIGPIPE", after=rc, pid=k, target=k, sig=SIGPIPE)
    s.expect("proc.exit", "the child killed by SIGPIPE", after=g, pid=k, signal=SIGPIPE)
    s.expect("pipe.write", "the parent's write, SIGPIPE ignored, to fail with EPIPE", pid=p, pipe=c["pipe"],
             err="EPIPE")
    s.expect_output("epipe: with SIGPIPE ignored, write returns -1: Broken pipe")
    s.expect_status(0)


@check(None, 1, "every boot halted cleanly, with no pipe left")
def no_leaks(run):
    run.expect_clean_halts()
