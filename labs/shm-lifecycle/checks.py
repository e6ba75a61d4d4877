"""labs/shm-lifecycle/checks.py: the shared-memory lifecycle lab's checks (labs/lib/labgrade.py explains the API).
Every shm event carries the segment's state after it: `nattch`, `attaches` ([[pid, addr], ...]), `dest`."""
from labgrade import check


@check("attach", 3, "two attaches in one process count 2 in nattch, at two addresses; each detach counts down")
def attach_count(s):
    p = s.pid("attach")
    c = s.expect("shm.create", "shmget to create the segment with key 0x1ab5", pid=p, key=0x1ab5)
    a1 = s.expect("shm.attach", "the first shmat (nattch 1)", after=c, pid=p, shmid=c["shmid"], nattch=1)
    a2 = s.expect("shm.attach", "the second shmat of the same segment (nattch 2)", after=a1, pid=p,
                  shmid=c["shmid"], nattch=2)
    s.require(a1["addr"] != a2["addr"], f"expected two different addresses, both are {a1['addr']}", near=a2)
    d1 = s.expect("shm.detach", "a shmdt (nattch 1)", after=a2, pid=p, shmid=c["shmid"], nattch=1)
    nxt = s.find(None, after=d1, shmid=c["shmid"], type=lambda t: t.startswith("shm."))
    s.require(nxt is not None and nxt["type"] == "shm.detach" and nxt["nattch"] == 0,
              "expected the other shmdt next (nattch 0): every shmat needs its shmdt, or the attachment stays until "
              "the process exits" + (f"; the next event of the segment is {nxt['type']} with nattch {nxt.get('nattch')}"
                                     if nxt else ""), near=nxt or d1)
    s.expect_output("attach: read through b: \"written through a\" (two addresses, same pages)")


@check("attach", 3, "at nattch 0 the segment lives on (found again by its key) until IPC_RMID destroys it at once")
def attach_lives(s):
    p = s.pid("attach")
    c = s.expect("shm.create", "shmget to create the segment", pid=p)
    s.expect("shm.detach", "a detach that leaves nattch 0", pid=p, shmid=c["shmid"], nattch=0)
    s.expect_none("shm.destroy", "destruction of the segment at nattch 0 without IPC_RMID (a segment belongs to the "
                  "system, not to the processes attached)", before=s.find("shm.rmid", shmid=c["shmid"]),
                  shmid=c["shmid"])
    s.expect_output("attach: shmget(0x1ab5) finds it again: id %d (the same)" % c["shmid"])
    rm = s.expect("shm.rmid", "IPC_RMID at the end: did the program remove the segment?", pid=p, shmid=c["shmid"])
    s.require(rm["nattch"] == 0, f"expected IPC_RMID with nattch 0 (every attachment detached first), nattch is "
              f"{rm['nattch']}: an attachment left, the destroy waits for the process's exit", near=rm)
    d = s.expect("shm.destroy", "the segment freed at once (nobody attached)", after=rm, shmid=c["shmid"])
    s.expect_none(None, "event between IPC_RMID and the destroy", after=rm, before=d, shmid=c["shmid"])
    s.expect_status(0)


@check("rmid", 4, "IPC_RMID while attached only marks the segment; it is destroyed at the last detach")
def rmid_deferred(s):
    p = s.pid("rmid")
    c = s.expect("shm.create", "shmget to create the segment with key 0x1ab6", pid=p, key=0x1ab6)
    rm = s.expect("shm.rmid", "IPC_RMID while the segment is attached", pid=p, shmid=c["shmid"])
    s.require(rm["nattch"] == 1 and rm["dest"], f"expected IPC_RMID with nattch 1 to leave the segment marked "
              f"(dest) and attached, got nattch={rm['nattch']} dest={rm['dest']}: was it detached before IPC_RMID?",
              near=rm)
    last = s.expect("shm.detach", "the last detach", after=rm, pid=p, shmid=c["shmid"], nattch=0)
    s.expect("shm.destroy", "the destroy at that last detach", after=last, shmid=c["shmid"])
    s.expect_none("shm.destroy", "destroy before the last detach", after=rm, before=last, shmid=c["shmid"])
    s.expect_output("rmid: the removed one is still readable: \"still here\"")


@check("rmid", 3, "the removed segment's key becomes IPC_PRIVATE: shmget finds nothing, then makes a new one")
def rmid_key(s):
    p = s.pid("rmid")
    s.expect_output("rmid: after IPC_RMID: nattch 1, key 0x0, mode 01600 (SHM_DEST 01000 set)")
    s.expect_output("rmid: shmget(0x1ab6, 0) now: No such file or directory")
    c = s.expect("shm.create", "the first segment", pid=p, key=0x1ab6)
    c2 = s.expect("shm.create", "shmget(IPC_CREAT) with the same key to make a second segment", after=c, pid=p,
                  key=0x1ab6)
    s.require(c2["shmid"] != c["shmid"], "expected a new segment with a new id", near=c2)
    s.expect_output("rmid: after the last detach, IPC_STAT of the old id: Invalid argument")
    s.expect_status(0)


@check("forkexec", 3, "fork copies the attachment: the child has it at the same address, nattch 2 without shmat")
def fork_inherits(s):
    p = s.pid("forkexec")
    c = s.expect("shm.create", "the parent's segment", pid=p)
    kid = s.children(p)[0] if s.children(p) else None
    s.require(kid is not None, "expected the parent to fork")
    a = s.expect("shm.attach", "fork to copy the attachment into the child (nattch 2)", pid=p, shmid=c["shmid"],
                 nattch=2, attaches=lambda at: any(x[0] == kid for x in at))
    addrs = {x[1] for x in a["attaches"]}
    s.require(len(addrs) == 1, f"expected the child's attachment at the parent's address, got {a['attaches']}", near=a)


@check("forkexec", 3, "exec and exit detach: nattch falls at the child's exec, and again at after_exec's exit")
def exec_detaches(s):
    p = s.pid("forkexec")
    c = s.expect("shm.create", "the parent's segment", pid=p)
    kid = s.children(p)[0]
    ex = s.expect("proc.exec", "the child's exec of after_exec", pid=kid, name="after_exec")
    d = s.expect("shm.detach", "the exec to detach the child's inherited attachment (nattch 1)", pid=kid,
                 shmid=c["shmid"], nattch=1)
    s.require(d["seq"] < ex["seq"], "expected the detach to come with the exec (the old address space goes), before "
              "the new program runs", near=d)
    a = s.expect("shm.attach", "after_exec's own shmat by id (nattch 2)", after=ex, pid=kid, shmid=c["shmid"], nattch=2)
    s.expect("shm.detach", "its exit to detach it (nattch 1)", after=a, pid=kid, shmid=c["shmid"], nattch=1)
    s.expect_output("after_exec: exec dropped the child's attachment: nattch 1")
    s.expect_output('forkexec: parent after the child exited: nattch 1, text "parent;child;after_exec;"')


@check("forkexec", 2, "the parent removes the segment: IPC_RMID, then its detach destroys it")
def forkexec_removed(s):
    p = s.pid("forkexec")
    c = s.expect("shm.create", "the parent's segment", pid=p)
    rm = s.expect("shm.rmid", "the parent's IPC_RMID: a segment nobody removes outlives every process (kernel.halt "
                  "counts it as leaked)", pid=p, shmid=c["shmid"])
    s.expect("shm.destroy", "the segment destroyed at the parent's detach", after=rm, shmid=c["shmid"])
    s.expect_status(0)


@check(None, 1, "every boot halted cleanly, with no segment left")
def no_leaks(run):
    for h in run.halts():
        run.require(not h.get("leaked_shms"), f"expected no System V segment left at halt, kernel.halt says "
                    f"leaked_shms={h.get('leaked_shms')}: a segment lives until IPC_RMID, whoever is attached")
    run.expect_clean_halts()
