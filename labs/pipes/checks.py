"""labs/pipes/checks.py: the pipes lab's checks (labs/lib/labgrade.py explains the API). Each asserts on the trace:
what blocked, what woke whom, how many bytes moved, which signal came, and then on the program's output.
The events come from the kernel's own mechanisms (traces/FORMAT.md): pipe.block and pipe.wake from the
scheduler's sleep and wake-up, pipe.read and pipe.write when the system call returns, so after the wake-ups and
signals the call caused."""
import re

from labgrade import check


@check("echo", 2, "the child blocks reading the empty pipe, the parent's write of \"hello\" wakes it")
def echo_block_wake(s):
    parent = s.pid("echo")
    child = s.children(parent)[0]
    no_false_eof(s)
    blk = s.expect("pipe.block", "the child to sleep in read on the empty pipe", pid=child, op="read")
    wr = s.expect("pipe.write", "the parent's write of the 5 bytes \"hello\"", after=blk, pid=parent, n=5,
                  data="hello")
    # The write's wake-up comes before its pipe.write event (the event is the system call's return). A wake-up
    # only later, from the parent's close, hides a write that wakes nobody: the child would sleep while bytes wait.
    wk = s.find("pipe.wake", blk, wr, pid=parent, op="read", woken=lambda w: child in w)
    if wk is None:
        late = s.find("pipe.wake", wr, None, op="read", woken=lambda w: child in w)
        s.require(False, "expected the parent's write to wake the child asleep reading the empty pipe, but the write "
                  f"(#{wr['seq']}) woke nobody" + (f"; the child was woken only at #{late['seq']} (by pid {late.get('pid')}'s "
                                                   "close, not the write)" if late else "") +
                  ": pipe_write must wake_up the readers after it puts bytes in the pipe (a lost wake-up)", near=wr)
    s.require(wk["head"] - wk["tail"] == 5, f"expected the 5 bytes in the pipe when the child was woken, there were "
              f"{wk['head'] - wk['tail']}", near=wk)


@check("echo", 2, "the child reads \"hello\", then end of file once the parent closed its write end")
def echo_read_eof(s):
    parent = s.pid("echo")
    child = s.children(parent)[0]
    no_false_eof(s)
    rd = s.expect("pipe.read", "the child to read the 5 bytes", pid=child, n=5, data="hello")
    s.expect("pipe.read", "then end of file (read returning 0, no err)", after=rd, pid=child, n=0,
             writers=0)
    s.expect_output('child: got "hello"')
    s.expect_status(0)


@check("fill", 3, "the writer fills the 64 KiB pipe and blocks with the ring full")
def fill_blocks_full(s):
    w = s.pid("fill")
    blk = s.expect("pipe.block", "the writer to block on the full pipe", pid=w, op="write")
    s.require(blk["head"] - blk["tail"] == blk["cap"], f"expected the ring full (head - tail == cap = {blk['cap']}) "
              f"when the writer blocked, it held {blk['head'] - blk['tail']} bytes", near=blk)
    s.expect_none("pipe.read", "read before the writer blocked (the reader is asleep)", before=blk)


@check("fill", 3, "the reader's read makes room and wakes the writer, who finishes; 70000 bytes arrive")
def fill_wake_total(s):
    w = s.pid("fill")
    blk = s.expect("pipe.block", "the writer to block", pid=w, op="write")
    wk = s.expect("pipe.wake", "a read from the full pipe to wake the writer", after=blk, op="write",
                  woken=lambda p: w in p)
    s.expect("pipe.read", "that read to return bytes", after=wk, pid=wk["pid"], n=lambda n: n > 0)
    moved_in = sum(e["n"] for e in s.all("pipe.write", pid=w))
    moved_out = sum(e["n"] for e in s.all("pipe.read"))
    s.require(moved_in == 70000, f"expected 70000 bytes written in pipe.write events, counted {moved_in}")
    s.require(moved_out == 70000, f"expected 70000 bytes read in pipe.read events, counted {moved_out}")
    s.expect_output("reader: read 70000 bytes")
    s.expect_status(0)


@check("eof", 2, "read returns 0 (end of file) only after the last writer is gone")
def eof_after_last_writer(s):
    parent = s.pid("eof")
    data = s.expect("pipe.read", "the parent to read \"abc\"", pid=parent, n=3, data="abc")
    close = s.expect("pipe.close", "the child's exit to close the last write end", end="write", writers=0)
    eof = s.expect("pipe.read", "a read returning 0 (end of file)", after=data, pid=parent, n=0)
    s.require(eof["seq"] > close["seq"], f"expected end of file (#{eof['seq']}) after the last writer closed "
              f"(#{close['seq']})", near=eof)
    s.expect_none("pipe.read", "error on the reads", pid=parent, err=lambda e: True)
    s.expect_status(0)


@check("epipe", 2, "with SIGPIPE ignored, writing to a pipe without readers fails with EPIPE")
def epipe_ignored(s):
    p = s.pid("epipe")
    w = s.expect("pipe.write", "a write failing with EPIPE", pid=p, readers=0, err="EPIPE", n=0)
    s.expect("sig.ignore", "the SIGPIPE it raised to be discarded (ignored)", before=w, pid=p, sig=13)
    s.expect_output("ignored SIGPIPE: write returned -1, errno EPIPE")


@check("epipe", 2, "with SIGPIPE's default action the writer is killed by signal 13")
def epipe_killed(s):
    p = s.pid("epipe")
    child = s.children(p)[0]
    w = s.expect("pipe.write", "the child's write failing with EPIPE", pid=child, err="EPIPE")
    s.expect("sig.generate", "the write to send SIGPIPE to the writer", before=w, target=child, sig=13)
    s.expect("sig.deliver", "SIGPIPE delivered with the default action (term)", after=w, pid=child, sig=13,
             action="term")
    s.expect("proc.exit", "the child to die of signal 13", pid=child, signal=13)
    s.expect_output("default SIGPIPE: child killed by signal 13")
    s.expect_status(0)


@check("atomic", 3, "two writers take turns, yet every 4096-byte write moves as one piece (PIPE_BUF atomicity)")
def atomic_records(s):
    p = s.pid("atomic")
    a, b = s.children(p)[:2]
    writes = [e for e in s.all("pipe.write") if e["pid"] in (a, b)]
    s.require(len(writes) == 48, f"expected 48 pipe.write events of the two writers, saw {len(writes)}")
    split = [e for e in writes if e["n"] != 4096]
    s.require(not split, f"expected every write to move 4096 bytes at once; #{split[0]['seq'] if split else 0} moved "
              f"{split[0]['n'] if split else 0}", near=split[0] if split else None)
    turns = sum(1 for x, y in zip(writes, writes[1:]) if x["pid"] != y["pid"])
    s.require(turns >= 2, f"expected the writers to interleave (take turns), the writer changed {turns} times")
    s.expect("pipe.block", "a writer to block on the full pipe", op="write")
    s.expect_output("0 mixed")
    s.expect_status(0)


@check("pipeline", 3, "producer | filter | consumer: data flows through both pipes, EOF propagates, sum 385")
def pipeline(s):
    prod, filt, cons = s.pid("producer"), s.pid("filter"), s.pid("consumer")
    creates = s.all("pipe.create")
    s.require(len(creates) == 2, f"expected 2 pipes created, saw {len(creates)}")
    p1, p2 = creates[0]["pipe"], creates[1]["pipe"]
    s.expect("pipe.write", "the producer to write into the first pipe", pid=prod, pipe=p1)
    s.expect("pipe.read", "the filter to read from the first pipe", pid=filt, pipe=p1, n=lambda n: n > 0)
    s.expect("pipe.write", "the filter to write into the second pipe", pid=filt, pipe=p2)
    eof1 = s.expect("pipe.read", "end of file for the filter once the producer is done", pid=filt, pipe=p1, n=0)
    s.expect("pipe.read", "then end of file for the consumer", after=eof1, pid=cons, pipe=p2, n=0)
    want = sum(len(f"{i * i}\n") for i in range(1, 11))
    moved = sum(e["n"] for e in s.all("pipe.read", pid=cons, pipe=p2))
    s.require(moved == want, f"expected the consumer to read {want} bytes (\"1\\n4\\n...100\\n\"), counted {moved}")
    s.expect_output("consumer: 10 lines, sum 385")
    s.expect_status(0)


# ---- the classic mistakes: scenarios where they show ---------------------------------------------------------


def false_eof(s):
    """The first read that returned 0 (end of file) while the pipe still had a writer, or None."""
    return next((e for e in s.all("pipe.read", n=0) if "err" not in e and e.get("writers", 0) > 0), None)


def no_false_eof(s):
    """Fail, naming the rule, when a read of the scenario returned end of file while a writer was left: the
    first thing to fix (everything after it in the scenario goes wrong because of it)."""
    e = false_eof(s)
    s.require(e is None, f"pid {e and e['pid']}'s read returned 0 (end of file) at #{e and e['seq']} although the pipe "
              f"still had {e and e.get('writers')} writer(s): an empty pipe is at end of file only when no writer is "
              "left; while one is, the read must wait (pipe_readable)", near=e)


@check("pingpong", 4, "20 requests and 20 answers: each write wakes the reader waiting for it (no close comes to "
       "wake it instead)")
def pingpong_wakes(s):
    p = s.pid("pingpong")
    s.require(s.children(p), "expected pingpong to fork its child")
    s.expect_output("parent: 20 of 20 round trips answered correctly")
    s.expect_output("child: answered 20 requests")
    s.expect_status(0)


@check("pingpong", 1, "the readers slept on the empty pipes and were woken by the writes")
def pingpong_sleeps(s):
    blks = s.all("pipe.block", op="read")
    s.require(blks, "expected a reader to sleep on an empty pipe at least once")
    for b in blks:
        s.expect("pipe.wake", f"a write to wake pid {b['pid']} asleep reading pipe {b['pipe']}", after=b,
                 pipe=b["pipe"], op="read", woken=lambda w, pid=b["pid"]: pid in w)


@check("readers", 3, "two readers: end of file only after the writer closed; a reader woken for bytes the other took "
       "sleeps again")
def readers_no_false_eof(s):
    e = false_eof(s)
    s.require(e is None, f"expected end of file only once no writer is left, but pid {e and e['pid']}'s read returned 0 "
              f"at #{e and e['seq']} while the pipe still had {e and e.get('writers')} writer(s): a reader woken with "
              "nothing left to read (the other reader took it) must test the pipe again and go back to sleep "
              "(`while (!pipe_readable(p))`, not `if`), and must take the bytes holding the lock it tested them "
              "with", near=e)
    close = s.expect("pipe.close", "the writer's close of the write end", end="write", writers=0)
    eofs = s.all("pipe.read", n=0, after=close)
    s.require(len([x for x in eofs if "err" not in x]) == 2, f"expected both readers to see end of file after the "
              f"close (#{close['seq']}), {len(eofs)} did", near=close)


@check("readers", 2, "every byte read exactly once: 12 messages of 8 bytes, 96 bytes read in all")
def readers_total(s):
    got = sum(e["n"] for e in s.all("pipe.read") if e["pid"] != s.pid("readers"))
    s.require(got == 96, f"expected the two readers to read 96 bytes in all, they read {got}")
    s.expect_output("writer: sent 96 bytes to two readers")
    s.expect_status(0)


def mixed_records(s, size):
    """Fail unless the atomic program's reader found no mixed record."""

    m = re.search(r"(\d+) records from A, (\d+) from B, (\d+) mixed", s.output)
    s.require(m is not None, "expected the reader's summary line (\"... records from A, ... mixed\"); the output was:\n"
              + "\n".join("  | " + l for l in s.output.splitlines()[-4:]))
    a, b, mixed = map(int, m.groups())
    s.require(mixed == 0, f"expected every {size}-byte record to arrive whole, {mixed} were mixed with the other "
              f"writer's bytes: a write of at most PIPE_BUF (4096) bytes was split. It must wait until all n bytes "
              f"fit (pipe_writable with `n <= PIPE_BUF`: room >= n), and test that again after every wake-up "
              f"(`while`, not `if`): a read of 1000 bytes wakes a writer with only 1000 bytes of room")
    s.require(a == 24 and b == 24, f"expected 24 records from each writer, got {a} and {b}")
    s.expect_status(0)


@check("records3000", 3, "3000-byte records, read back 1000 bytes at a time: none arrives mixed (the room is never a "
       "whole number of records)")
def records3000(s):
    mixed_records(s, 3000)


@check("records4096", 3, "records of exactly PIPE_BUF (4096) bytes, read 1000 at a time: none arrives mixed "
       "(`n <= PIPE_BUF` is atomic)")
def records4096(s):
    mixed_records(s, 4096)


@check("nonblock", 2, "O_NONBLOCK: a read of the empty pipe fails at once with EAGAIN, nothing sleeps")
def nonblock_read(s):
    p = s.pid("nonblock")
    s.expect_none("pipe.block", "sleep on a pipe opened with O_NONBLOCK")
    s.expect("pipe.read", "the read of the empty pipe to fail with EAGAIN", pid=p, err="EAGAIN", n=0)
    s.expect_output("read of the empty pipe: -1 EAGAIN")


def said(s, prefix):
    """The output line that starts with prefix, or "(no such line)"."""
    return next((l for l in s.output.splitlines() if l.startswith(prefix)), "(no such line)")


@check("nonblock", 3, "O_NONBLOCK writes: 65536 of 70000 bytes (a partial count), then EAGAIN; a 4096-byte write "
       "waits for room for all of it: EAGAIN with 1000 free, whole with 5000")
def nonblock_write(s):
    rules = [("write of 70000 bytes: ", "65536", "a non-blocking write that moved some bytes before it would have "
              "to wait returns that count, not -1 EAGAIN"),
             ("write of 1 byte to the full pipe: ", "-1 EAGAIN", "with no room at all a non-blocking write fails "
              "with EAGAIN at once"),
             ("write of 4096 bytes into 1000 bytes of room: ", "-1 EAGAIN", "a write of at most PIPE_BUF bytes goes "
              "in whole or not at all (`n <= PIPE_BUF`: room >= n); with O_NONBLOCK, not at all is EAGAIN"),
             ("write of 4096 bytes into 5000 bytes of room: ", "4096", "with room for all of it, it goes in")]
    for prefix, want, why in rules:
        got = said(s, prefix)
        s.require(got == prefix + want, f"expected \"{prefix}{want}\", got \"{got}\": {why}")
    s.expect("pipe.write", "the 70000-byte write's pipe.write of 65536 bytes", pid=s.pid("nonblock"), n=65536)
    s.expect_status(0)


@check("partial", 2, "a signal ends a write's sleep after 65536 bytes: write returns 65536 (the count written), "
       "not -1 EINTR")
def partial_signal(s):
    got = said(s, "interrupted write: ")
    s.require(got == "interrupted write: 65536", f"expected \"interrupted write: 65536\", got \"{got}\": a write "
              "interrupted by a signal after it wrote some bytes returns the count written (POSIX write()); "
              "-ERESTARTSYS only when nothing was written")
    kid = s.children(s.pid("partial"))
    s.require(kid, "expected partial to fork its writer")
    s.expect("pipe.write", "the interrupted write's pipe.write of 65536 bytes", pid=kid[0], n=65536)


@check("partial", 2, "a fault in the second page of an 8192-byte write: write returns the 4096 bytes written, not "
       "-1 EFAULT")
def partial_fault(s):
    got = said(s, "faulting write: ")
    s.require(got == "faulting write: 4096", f"expected \"faulting write: 4096\", got \"{got}\": a write whose "
              "buffer faults after some bytes went in returns the count written; -EFAULT only when nothing was")
    s.expect("pipe.write", "the faulting write's pipe.write of 4096 bytes", pid=s.pid("partial"), n=4096)
    s.expect_status(0)


@check(None, 1, "every boot halted cleanly, with nothing leaked")
def no_leaks(run):
    run.expect_clean_halts()
