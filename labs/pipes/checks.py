"""labs/pipes/checks.py: the pipes lab's checks (labs/lib/labgrade.py explains the API). Each asserts on the trace:
what blocked, what woke whom, how many bytes moved, which signal came, and then on the program's output.
The events come from the kernel's own mechanisms (traces/FORMAT.md): pipe.block and pipe.wake from the
scheduler's sleep and wake-up, pipe.read and pipe.write when the system call returns, so after the wake-ups and
signals the call caused."""
from labgrade import check


@check("echo", 2, "the child blocks reading the empty pipe, the parent's write of \"hello\" wakes it")
def echo_block_wake(s):
    parent = s.pid("echo")
    child = s.children(parent)[0]
    blk = s.expect("pipe.block", "the child to sleep in read on the empty pipe", pid=child, op="read")
    wk = s.expect("pipe.wake", "then the parent's write to wake the sleeping child", after=blk, pid=parent, op="read",
                  woken=lambda w: child in w)
    s.require(wk["head"] - wk["tail"] == 5, f"expected the 5 bytes in the pipe when the child was woken, there were "
              f"{wk['head'] - wk['tail']}", near=wk)
    s.expect("pipe.write", "that write of the 5 bytes \"hello\" to return", after=wk, pid=parent, n=5, data="hello")


@check("echo", 2, "the child reads \"hello\", then end of file once the parent closed its write end")
def echo_read_eof(s):
    parent = s.pid("echo")
    child = s.children(parent)[0]
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


@check(None, 1, "every boot halted cleanly, with nothing leaked")
def no_leaks(run):
    run.expect_clean_halts()
