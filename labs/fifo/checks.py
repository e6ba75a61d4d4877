"""labs/fifo/checks.py: the FIFO lab's checks (labs/lib/labgrade.py explains the API)."""
from labgrade import check


@check("meet", 3, "the reader blocks in open until the writer opens the FIFO, then both opens complete")
def meet_open(s):
    r, w = s.pid("fifo_reader"), s.pid("fifo_writer")
    blk = s.expect("fifo.block", "the reader to block in open (no writer yet)", pid=r, mode="r",
                   fifo="/tmp/lab.fifo")
    wo = s.expect("fifo.open", "the writer's open, after the reader blocked", after=blk, pid=w, mode="w")
    s.require(not wo.get("err") and wo["readers"] == 1, f"expected the writer's open to succeed with the reader "
              f"counted (readers=1), got err={wo.get('err')} readers={wo['readers']}", near=wo)
    s.expect("fifo.open", "the reader's open to complete after the writer came", after=wo, pid=r, mode="r")


@check("meet", 3, "the message goes through the FIFO's pipe; the reader gets it, then end of file")
def meet_data(s):
    r, w = s.pid("fifo_reader"), s.pid("fifo_writer")
    msg = "hello through a FIFO"
    wr = s.expect("pipe.write", "the writer's 20 bytes into the FIFO", pid=w, n=len(msg), data=msg,
                  fifo="/tmp/lab.fifo")
    rd = s.expect("pipe.read", "the reader to read them", after=wr, pid=r, n=len(msg), data=msg)
    s.expect("pipe.read", "then end of file once the writer closed", after=rd, pid=r, n=0, writers=0)
    s.expect_output('reader: got "hello through a FIFO"')
    s.expect_status(0)


@check("nonblock", 2, "O_NONBLOCK opens: write-only without a reader fails with ENXIO, read-only never waits")
def nonblock(s):
    p = s.pid("nonblock")
    e = s.expect("fifo.open", "the write-only open to fail with ENXIO", pid=p, mode="w", err="ENXIO")
    r = s.expect("fifo.open", "the read-only open to succeed at once", after=e, pid=p, mode="r")
    s.require(not r.get("err"), f"expected no error, got {r.get('err')}", near=r)
    s.expect("fifo.open", "then the write-only open to succeed", after=r, pid=p, mode="w", readers=1)
    s.expect_none("fifo.block", "blocking open", pid=p)
    s.expect_status(0)


@check(None, 1, "every boot halted cleanly, with nothing leaked")
def no_leaks(run):
    run.expect_clean_halts()
