"""labs/shm-counter/checks.py: the shared-counter lab's checks (labs/lib/labgrade.py explains the API)."""
from labgrade import check


def final(s):
    """The counter value the program marked in the trace (trace.mark "counter=V")."""
    m = s.expect("trace.mark", "the program's mark of the final counter", text=lambda t: t.startswith("counter="))
    return int(m["text"].split("=")[1]), m


@check("race", 2, "both workers attach the one segment (nattch 3 with the parent)")
def race_attach(s):
    p = s.pid("counter")
    c = s.expect("shm.create", "shmget to create the segment", pid=p)
    att = s.expect("shm.attach", "both children attached too (nattch=3)", shmid=c["shmid"], nattch=3)
    s.require(len({a[1] for a in att["attaches"]}) == 1, f"expected one address for all (fork copies the mapping), "
              f"got {att['attaches']}", near=att)
    s.expect("shm.destroy", "the segment freed after IPC_RMID and the last detach", shmid=c["shmid"])


@check("race", 2, "without synchronisation, increments are lost (counter < 20000)")
def race_lost(s):
    v, m = final(s)
    s.require(v < 20000, f"expected lost updates (a counter below 20000), the counter is {v}: were the two workers "
              f"never preempted between load and store?", near=m)
    s.expect_status(0)


@check("sem", 3, "with P and V around each increment, the counter is exactly 1000; P blocks when the other holds it")
def sem_exact(s):
    v, m = final(s)
    s.require(v == 1000, f"expected exactly 1000, the counter is {v}", near=m)
    blk = s.expect("sem.block", "a worker to block in P while the other is inside (value 0)",
                   sops=[[0, -1, 0]])
    s.require(blk["sems"][0]["val"] == 0, f"expected the semaphore at 0 when a worker blocks, it is "
              f"{blk['sems'][0]['val']}", near=blk)
    s.expect("sem.wake", "the holder's V to wake it", after=blk, woken=lambda w: blk["pid"] in w)
    vals = [e["sems"][0]["val"] for e in s.all("sem.op")]
    s.require(all(x in (0, 1) for x in vals), f"expected the semaphore always 0 or 1 (a mutex), saw {sorted(set(vals))}")
    s.expect_status(0)


@check(None, 1, "every boot halted cleanly, with nothing leaked")
def no_leaks(run):
    run.expect_clean_halts()
