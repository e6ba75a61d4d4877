"""labs/sysv-ids/checks.py: the System V names lab's checks (labs/lib/labgrade.py explains the API). A failed
*get (EEXIST, ENOENT, EACCES) writes no event: those checks read the programs' output, which is the same on
Linux; a failed msgsnd/msgrcv writes its event with `err`."""
from labgrade import check

IPCMNI = 32768


@check("keys", 2, "ftok makes the key from the project byte and the file's inode; IPC_CREAT makes one queue")
def keys_create(s):
    p = s.pid("keys")
    s.expect_output("matches the file's inode")
    made = [e for e in s.all("msg.create", pid=p) if e["key"] != 0]
    s.require(len(made) == 1, f"expected exactly one queue made with the ftok key (msgget with IPC_CREAT finds the "
              f"existing queue the second time), saw {len(made)}", near=made[-1] if made else None)
    s.require(made[0]["key"] >> 24 == ord("A"), f"expected the key's top byte to be the project 'A' (0x41), the key "
              f"is {made[0]['key']:#010x}", near=made[0])
    s.expect_output("keys: msgget(key, IPC_CREAT) twice: the same queue both times")
    s.expect_output("keys: msgget(key, 0) finds it: yes")


@check("keys", 3, "IPC_CREAT|IPC_EXCL fails with EEXIST, a missing key without IPC_CREAT with ENOENT")
def keys_errors(s):
    s.require("keys: msgget(key, IPC_CREAT|IPC_EXCL): created?" not in s.output, "expected the exclusive create of "
              "an existing key to fail with EEXIST, it returned a queue: without IPC_EXCL, IPC_CREAT quietly opens "
              "the existing queue, so a program cannot tell it made a new one")
    s.expect_output("keys: msgget(key, IPC_CREAT|IPC_EXCL): File exists")
    s.expect_output("keys: msgget(another key, 0): No such file or directory")
    s.expect_output("keys: after IPC_RMID, msgget(key, 0): No such file or directory")
    s.expect_status(0)


@check("keys", 2, "IPC_PRIVATE always makes a new queue (key 0), and every queue is removed")
def keys_private(s):
    p = s.pid("keys")
    priv = s.all("msg.create", pid=p, key=0)
    s.require(len(priv) == 2 and priv[0]["msqid"] != priv[1]["msqid"], f"expected two msg.create with key 0 and "
              f"different ids, saw {[e['msqid'] for e in priv]}", near=priv[-1] if priv else None)
    made = {e["msqid"] for e in s.all("msg.create", pid=p)}
    gone = {e["msqid"] for e in s.all("msg.rmid", pid=p)}
    s.require(made <= gone, f"expected every queue removed with IPC_RMID, these were not: {sorted(made - gone)} "
              f"(a queue lives until IPC_RMID)")


@check("perms", 3, "mode 0640: the group member may receive (read) but not send (write): EACCES")
def perms_group(s):
    p = s.pid("perms")
    c = s.expect("msg.create", "root's queue", pid=p)
    s.require(c["mode"] == 0o640, f"expected root's queue made with mode 0640 (owner rw-, group r--, others ---), "
              f"it has mode {c['mode']:04o}", near=c)
    kids = s.children(p)
    s.require(len(kids) >= 1, "expected the program to fork a child for uid 1000")
    g = kids[0]
    s.expect("msg.recv", "uid 1000 (group 0) to receive a message: the group's bits allow reading", pid=g,
             msqid=c["msqid"], mtype=1)
    s.expect("msg.send", "uid 1000's msgsnd to fail with EACCES: the group's bits (r--) do not allow writing",
             pid=g, msqid=c["msqid"], err="EACCES")
    s.expect_output("perms: uid 1000 gid 0: msgget(key, 0) ok")


@check("perms", 3, "another user (the others' bits, ---) may neither read nor write, nor remove the queue (EPERM)")
def perms_other(s):
    p = s.pid("perms")
    c = s.expect("msg.create", "root's queue", pid=p)
    kids = s.children(p)
    s.require(len(kids) >= 2, f"expected a child for uid 1001, saw {len(kids)} children")
    o = kids[1]
    for kind, what in (("msg.recv", "msgrcv"), ("msg.send", "msgsnd")):
        e = s.find(kind, pid=o, msqid=c["msqid"])
        s.require(e is not None and e.get("err") == "EACCES", f"expected uid 1001's {what} to fail with EACCES: it is "
                  f"neither the owner nor in the group, so the others' bits of mode {c['mode']:04o} apply ("
                  f"{'rwx'[0] if c['mode'] & 4 else '-'}{'w' if c['mode'] & 2 else '-'}-)"
                  + (f", and its {what} succeeded" if e is not None and not e.get("err") else ""), near=e or c)
    s.expect_none("msg.rmid", "removal of the queue by uid 1001 (only the owner, the creator or root may)", pid=o)
    s.expect_output("perms: uid 1001: msgget(key, 0) ok; msgget(key, 0400) Permission denied")
    s.expect_output("perms: uid 1001: IPC_STAT Permission denied; IPC_RMID Operation not permitted")


@check("perms", 2, "after root's IPC_SET to mode 0606 the other user may send")
def perms_set(s):
    p = s.pid("perms")
    c = s.expect("msg.create", "root's queue", pid=p)
    st = s.expect("msg.ctl", "root's IPC_SET", pid=p, msqid=c["msqid"], cmd="IPC_SET")
    kids = s.children(p)
    s.require(len(kids) == 3, f"expected a third child, uid 1001 again, saw {len(kids)} children")
    s.expect("msg.send", "uid 1001's msgsnd to succeed now", after=st, pid=kids[2], msqid=c["msqid"], mtype=2)
    s.expect("msg.rmid", "root to remove the queue at the end", after=st, pid=p, msqid=c["msqid"])
    s.expect_status(0)


@check("ids", 3, "an id is seq * 32768 + index; indexes cycle below 64, and the wrap bumps the sequence number")
def ids_layout(s):
    p = s.pid("ids")
    made = s.all("msg.create", pid=p)
    s.require(len(made) == 70, f"expected 70 queues made one after the other, saw {len(made)}")
    idx = [e["msqid"] % IPCMNI for e in made]
    seq = [e["msqid"] // IPCMNI for e in made]
    wraps = [i for i in range(1, len(idx)) if idx[i] <= idx[i - 1]]
    s.require(len(wraps) == 1, f"expected the indexes to wrap around once in 70 queues, they wrapped {len(wraps)} "
              f"times", near=made[wraps[0]] if wraps else made[-1])
    w = wraps[0]
    s.require(idx[w - 1] == 63 and idx[w] == 0, f"expected the index to wrap from 63 to 0 (below max(in_use * 3 / 2, "
              f"64)), it went {idx[w - 1]} -> {idx[w]}", near=made[w])
    s.require(seq[w] == seq[w - 1] + 1, f"expected the sequence number to go up at the wrap, {seq[w - 1]} -> "
              f"{seq[w]}", near=made[w])
    s.require(all(b == a + 1 for a, b in zip(idx[:w - 1], idx[1:w])), "expected consecutive indexes before the wrap "
              "(each new queue takes the next slot, not the one just freed)")


@check("ids", 2, "the removed first id is stale: IPC_STAT with it fails with EINVAL")
def ids_stale(s):
    first = s.expect("msg.create", "the first queue", pid=s.pid("ids"))
    s.expect_output(f"ids: the first id again ({first['msqid']}): Invalid argument")
    s.expect_status(0)


@check("tools", 3, "ipcs lists the queue, the segment and the set with their keys, owners and modes")
def tools_ipcs(s):
    s.expect_output("0x00007001")
    lines = s.output.splitlines()
    q = [l for l in lines if l.startswith("0x00007001")]
    s.require(q and q[0].split()[2:4] == ["0", "600"], f"expected the queue listed with owner 0, perms 600: {q}")
    sem = [l for l in lines if l.startswith("0x00007003")]
    s.require(sem and sem[0].split()[2:5] == ["1000", "666", "2"], f"expected the semaphore set listed with owner "
              f"1000 (the user who made it), perms 666, 2 semaphores: {sem}")
    shm = [l for l in lines if l.startswith("0x00000000")]
    s.require(shm and shm[0].split()[3:6] == ["640", "8192", "1"], f"expected the private segment listed with perms "
              f"640, 8192 bytes, nattch 1: {shm}")


@check("tools", 3, "ipcrm removes all three; the attached segment stays (dest) until its last detach")
def tools_ipcrm(s):
    rm = s.prog_pids("ipcrm")
    s.require(rm, "expected ipcrm to run")
    s.expect("msg.rmid", "ipcrm -Q 0x7001 to remove the queue", pid=rm[0])
    s.expect("sem.rmid", "ipcrm -S 0x7003 to remove the set (root may remove uid 1000's set)", pid=rm[0])
    r = s.expect("shm.rmid", "ipcrm -m to mark the segment", pid=rm[0], dest=True, nattch=1)
    d = s.expect("shm.detach", "tools' shmdt, the last detach", after=r, pid=s.pid("tools"), nattch=0)
    s.expect("shm.destroy", "the segment destroyed then", after=d, shmid=r["shmid"])
    s.expect_output("tools: ipcrm -Q 0x7001 -m 0 -S 0x7003 exited 0")
    s.expect_status(0)


@check(None, 1, "every boot halted cleanly, with no queue, set or segment left")
def no_leaks(run):
    for h in run.halts():
        left = {k: h[k] for k in ("leaked_msgs", "leaked_sems", "leaked_shms") if h.get(k)}
        run.require(not left, f"expected no System V object left at halt, kernel.halt says {left}: an object lives "
                    f"until IPC_RMID")
    run.expect_clean_halts()
