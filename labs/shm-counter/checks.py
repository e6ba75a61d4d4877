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


def keyed(s):
    """The lifecycle scenario's process and its first segment, the one created with a key."""
    p = s.pid("lifecycle")
    return p, s.expect("shm.create", "shmget to create the segment with a key", pid=p, key=lambda k: k != 0)["shmid"]


def child_of(s, p):
    """The lifecycle process's child (the one that inherits the attachment)."""
    kids = s.children(p)
    s.require(kids, "expected the lifecycle process to fork a child")
    return kids[0]


@check("lifecycle", 2, "fork: the child inherits the attachment, counted (nattch 2)")
def lifecycle_fork(s):
    p, sid = keyed(s)
    child = child_of(s, p)
    a = s.expect("shm.attach", "the child's copy of the attachment at fork, in the segment's attachments", shmid=sid,
                 attaches=lambda att: any(x[0] == child for x in att))
    s.require(a["nattch"] == 2, f"expected nattch 2 once the child inherits the attachment (the parent's and the "
              f"child's), it is {a['nattch']}: a fork's copy of an attachment must be counted (not inherited on "
              f"fork)", near=a)
    s.expect_output("after fork: nattch 2")


@check("lifecycle", 3, "IPC_RMID while attached only marks the segment; both still share it; the key is private")
def lifecycle_rmid(s):
    p, sid = keyed(s)
    r = s.expect("shm.rmid", "IPC_RMID of the attached segment", pid=p, shmid=sid)
    s.require(r["dest"] and r["nattch"] == 2, f"expected the segment marked (dest) with its 2 attachments, dest="
              f"{r['dest']} nattch={r['nattch']}", near=r)
    dest = s.find("shm.destroy", after=r, shmid=sid)
    last = s.find("shm.detach", after=r, shmid=sid, nattch=0)
    s.require(dest is None or (last is not None and last["seq"] < dest["seq"]),
              "the segment was destroyed at IPC_RMID while still attached: it must only be marked, and destroyed "
              "by the last detach (the processes attached still use its memory)", near=dest)
    s.require(last is not None, "expected a last detach (nattch 0) after IPC_RMID", near=r)
    s.expect_output("after IPC_RMID, both still attached: nattch 2, SHM_DEST")
    s.expect_output("shmget with the key after IPC_RMID: No such file or directory")
    s.expect_output("the child wrote 4 into the removed segment")


@check("lifecycle", 3, "the child's exit detaches it (nattch 1); the parent's shmdt, the last, destroys it")
def lifecycle_last_detach(s):
    p, sid = keyed(s)
    child = child_of(s, p)
    ex = s.expect("proc.exit", "the child to exit", pid=child)
    d = s.expect("shm.detach", "the child's attachment to go at its exit", before=ex, pid=child, shmid=sid)
    s.require(d["nattch"] == 1, f"expected nattch 1 after the child's exit detached it, it is {d['nattch']}: exit "
              f"and exec detach too, and the count must go down (nattch not decremented at exit)", near=d)
    last = s.expect("shm.detach", "the parent's shmdt", after=d, pid=p, shmid=sid)
    s.require(last["nattch"] == 0, f"expected nattch 0 after the parent's shmdt, it is {last['nattch']}", near=last)
    s.expect("shm.destroy", "the last detach of the removed segment to destroy it", after=last, shmid=sid)
    s.expect_output("after the parent's shmdt: IPC_STAT fails, Invalid argument")


@check("lifecycle", 2, "a segment nobody removed outlives its last detach, with its contents, until IPC_RMID")
def lifecycle_kept(s):
    p, sid = keyed(s)
    kid = s.expect("shm.create", "then a private segment", pid=p, key=0)["shmid"]
    d = s.expect("shm.detach", "the private segment's first detach", pid=p, shmid=kid, nattch=0)
    dest = s.find("shm.destroy", after=d, shmid=kid)
    r = s.find("shm.rmid", after=d, pid=p, shmid=kid)
    s.require(dest is None or (r is not None and r["seq"] < dest["seq"]),
              "the segment was destroyed at its last detach though nobody removed it: only IPC_RMID marks a segment "
              "for destruction, and until then it keeps its contents for the next shmat", near=dest)
    s.require(r is not None, "expected its IPC_RMID at the end", near=d)
    s.expect("shm.destroy", "IPC_RMID with nothing attached to destroy it at once", after=r, shmid=kid)
    s.expect_output("attached again, it still holds 42")
    s.expect_status(0)


@check(None, 1, "every boot halted cleanly, with nothing leaked")
def no_leaks(run):
    run.expect_clean_halts()
