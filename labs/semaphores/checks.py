"""labs/semaphores/checks.py: the semaphores lab's checks (labs/lib/labgrade.py explains the API)."""
from labgrade import check

SEM_UNDO = 0x1000
EMPTY, FULL, MUTEX = 0, 1, 2


def set_events(s, semid):
    """The scenario's events about set semid that carry its values (sems), in order."""
    return [e for e in s.events if e.get("type", "").startswith("sem.") and e.get("semid") == semid and "sems" in e]


def the_set(s, prog):
    """The sem.create event of the set prog's main process made."""
    return s.expect("sem.create", f"{prog} to create its semaphore set (semget)", pid=s.pid(prog))


def vals(e):
    """The semaphore values of a sem.* event."""
    return [x["val"] for x in e["sems"]]


def completions(s, semid):
    """Replay the set's operations: yields (event, pid, sops) for every operation as it completes. A semop that
    did not block completes at its own sem.op; one that blocked completes at the sem.wake listing its pid (the
    waker did it on the sleeper's behalf), and its later sem.op only reports it. The waker's own operation came
    first, although its sem.op is written after the wake-ups it caused: at a sem.wake, the waker's next sem.op is
    replayed first."""
    evs = set_events(s, semid)
    pending, done, early = {}, set(), set()
    for i, e in enumerate(evs):
        t, pid = e["type"], e["pid"]
        if t == "sem.block":
            pending[pid] = e["sops"]
        elif t == "sem.wake":
            own = next((x for x in evs[i + 1:] if x["type"] == "sem.op" and x["pid"] == pid), None)
            if own is not None and not own.get("err") and pid not in done and id(own) not in early:
                early.add(id(own))
                yield e, pid, own["sops"]
            for w in e["woken"]:
                if w in pending:
                    done.add(w)
                    yield e, w, pending.pop(w)
        elif t == "sem.op" and not e.get("err"):
            if pid in done:
                done.discard(pid)
            elif id(e) not in early:
                yield e, pid, e["sops"]
        elif t == "sem.op":
            pending.pop(pid, None)


# ---- bbuf: the bounded buffer ----------------------------------------------------------------------------------

def bbuf_roles(s):
    """(set's create event, consumer pid, producer pid): bbuf forks the consumer first."""
    c = the_set(s, "bbuf")
    kids = s.children(s.pid("bbuf"))
    s.require(len(kids) >= 2, f"expected bbuf to fork a consumer and a producer, it forked {kids}")
    return c, kids[0], kids[1]


@check("bbuf", 2, "the consumer blocks in P(full) on the empty buffer; the producer's V(full) wakes it")
def bbuf_consumer_blocks(s):
    c, cons, prod = bbuf_roles(s)
    blk = s.expect("sem.block", "the consumer sleeping in P(full) (semaphore 1) before any item exists",
                   pid=cons, semid=c["semid"], sops=lambda o: o[0][:2] == [FULL, -1])
    s.require(vals(blk)[FULL] == 0, f"expected full = 0 when the consumer blocks, it is {vals(blk)[FULL]}", near=blk)
    s.expect("sem.wake", "the producer's V(full) to wake the consumer", after=blk, pid=prod,
             woken=lambda w: cons in w)


@check("bbuf", 2, "the producer blocks in P(empty) when all N slots are full; the consumer's V(empty) wakes it")
def bbuf_producer_blocks(s):
    c, cons, prod = bbuf_roles(s)
    n = vals(s.expect("sem.ctl", "SETALL giving empty its N", semid=c["semid"], cmd="SETALL"))[EMPTY]
    blk = s.expect("sem.block", "the producer sleeping in P(empty) (semaphore 0): no free slot",
                   pid=prod, semid=c["semid"], sops=lambda o: o[0][:2] == [EMPTY, -1])
    s.require(vals(blk)[EMPTY] == 0, f"expected empty = 0 (all {n} slots taken) when the producer blocks, it is "
              f"{vals(blk)[EMPTY]}", near=blk)
    s.expect("sem.wake", "the consumer's V(empty) to wake the producer", after=blk, pid=cons,
             woken=lambda w: prod in w)


@check("bbuf", 3, "never over- or underflows: empty + full + items in flight == N after every operation")
def bbuf_invariant(s):
    c, cons, prod = bbuf_roles(s)
    n = vals(s.expect("sem.ctl", "SETALL giving empty its N", semid=c["semid"], cmd="SETALL"))[EMPTY]
    # In flight: taken from empty by P(empty) and not yet given to full by V(full) (the producer's slot), or
    # taken from full and not yet returned to empty (the consumer's). At most one each.
    inflight, checked = 0, 0
    for e, pid, sops in completions(s, c["semid"]):
        for num, op, _ in sops:
            if num in (EMPTY, FULL):
                inflight += 1 if op < 0 else -1
        v = vals(e)
        s.require(0 <= v[EMPTY] <= n and 0 <= v[FULL] <= n, f"expected 0 <= empty, full <= {n}, got empty={v[EMPTY]} "
                  f"full={v[FULL]}", near=e)
        s.require(0 <= inflight <= 2, f"expected at most one item in flight per process, the replay says {inflight}",
                  near=e)
        if e["type"] == "sem.op":  # a sem.wake is emitted before its waker's own sem.op: check at sem.op only
            s.require(v[EMPTY] + v[FULL] + inflight == n, f"expected empty + full + in flight == {n}, got "
                      f"{v[EMPTY]} + {v[FULL]} + {inflight}: a slot was lost or made up", near=e)
            checked += 1
    s.require(checked >= 40, f"expected at least 40 operations to check (12 items, 4 P/V each), saw {checked}")


@check("bbuf", 2, "mutual exclusion: the mutex is 0 or 1, held by one process at a time, released by its holder")
def bbuf_mutex(s):
    c, cons, prod = bbuf_roles(s)
    holder, taken = None, 0
    for e, pid, sops in completions(s, c["semid"]):
        for num, op, _ in sops:
            if num != MUTEX:
                continue
            if op < 0:
                s.require(holder is None, f"expected the mutex free when pid {pid} took it, pid {holder} held it",
                          near=e)
                holder, taken = pid, taken + 1
                s.require(e["sems"][MUTEX]["pid"] == pid, f"expected sempid of the mutex to be its taker {pid}, it "
                          f"is {e['sems'][MUTEX]['pid']}", near=e)
            else:
                s.require(holder == pid, f"expected pid {pid} to release the mutex it holds; the holder is {holder}",
                          near=e)
                holder = None
        s.require(vals(e)[MUTEX] in (0, 1), f"expected the mutex at 0 or 1, it is {vals(e)[MUTEX]}", near=e)
    s.require(holder is None, f"expected the mutex free at the end, pid {holder} holds it")
    s.require(taken == 24, f"expected the mutex taken 24 times (12 puts, 12 takes), it was taken {taken} times")


@check("bbuf", 1, "all 12 items arrive in order, the buffer at most full, the set removed")
def bbuf_result(s):
    s.expect_output("consumer: took 12 items in order")
    m = s.expect("trace.mark", "the program's mark of the fullest the buffer got", text=lambda t: t.startswith("maxcount="))
    s.require(int(m["text"].split("=")[1]) == 4, f"expected the 4-slot buffer to fill up, {m['text']}", near=m)
    s.expect("sem.rmid", "IPC_RMID of the set", semid=the_set(s, "bbuf")["semid"])
    s.expect_status(0)


# ---- the dining philosophers -----------------------------------------------------------------------------------

def philosophers(s):
    """(set's create event, [pid of philosopher i]): philo forks philosopher 0 first."""
    c = the_set(s, "philo")
    kids = s.children(s.pid("philo"))
    s.require(len(kids) == 5, f"expected 5 philosophers (children of philo), got {kids}")
    return c, kids


@check("deadlock", 1, "the philosophers deadlock: the grader's progress detector stops the scenario")
def deadlock_detected(s):
    s.require(s.hang is not None, "expected the scenario to hang (all philosophers waiting for ever) and the grader's "
              f"progress detector to stop it; it ended with status {s.status}" + (f" ({s.note})" if s.note else ""))


@check("deadlock", 3, "the cycle: each philosopher holds its left fork and sleeps in P on its right one")
def deadlock_cycle(s):
    c, pids = philosophers(s)
    last = None
    for i, pid in enumerate(pids):
        left, right = i, (i + 1) % 5
        got = s.expect("sem.op", f"philosopher {i} (pid {pid}) to take its left fork {left}", pid=pid,
                       sops=[[left, -1, 0]])
        blk = s.expect("sem.block", f"philosopher {i} then sleeping in P on its right fork {right}", after=got,
                       pid=pid, sops=[[right, -1, 0]])
        last = blk if last is None or blk["seq"] > last["seq"] else last
    forks = last["sems"][:5]
    for i, pid in enumerate(pids):
        f = forks[(i + 1) % 5]
        s.require(f["val"] == 0 and f["pid"] == pids[(i + 1) % 5] and f["ncnt"] == [pid],
                  f"expected fork {(i + 1) % 5} at 0, taken by philosopher {(i + 1) % 5} (pid {pids[(i + 1) % 5]}) "
                  f"and awaited by philosopher {i} (pid {pid}) alone; it is {f}", near=last)
    s.expect_none("trace.mark", "meal (nobody can eat in a deadlock)", text=lambda t: t.startswith("eat "))
    s.expect_none("sem.wake", "wake-up after the last philosopher blocked", after=last, semid=c["semid"])


def fixed(s, rounds=2):
    """The checks every fix shares: no hang, everyone ate `rounds` times, and each meal had both forks."""
    c, pids = philosophers(s)
    s.require(s.hang is None, f"expected no deadlock: {s.hang}")
    s.expect_status(0)
    meals = s.all("trace.mark", text=lambda t: t.startswith("eat "))
    for i, pid in enumerate(pids):
        mine = [m for m in meals if m["pid"] == pid]
        s.require(len(mine) == rounds, f"expected philosopher {i} (pid {pid}) to eat {rounds} times, it ate "
                  f"{len(mine)} times", near=mine[-1] if mine else None)
        for m in mine:
            state = [e for e in set_events(s, c["semid"]) if e["seq"] < m["seq"]][-1]
            for f in (i, (i + 1) % 5):
                x = state["sems"][f]
                s.require(x["val"] == 0 and x["pid"] == pid, f"expected philosopher {i} (pid {pid}) to hold fork {f} "
                          f"while eating, the fork is {x}", near=m)
    for e in set_events(s, c["semid"]):
        s.require(all(v in (0, 1) for v in vals(e)[:5]), f"expected every fork at 0 or 1, got {vals(e)[:5]}", near=e)
    blk = s.expect("sem.block", "some philosopher to wait for a fork (the fix must work under contention)",
                   semid=c["semid"])
    return c, pids, blk


@check("ordered", 3, "ordered acquisition: the last philosopher reaches for fork 0 first; everyone eats twice")
def ordered_fix(s):
    c, pids, _ = fixed(s)
    first = s.expect("sem.op", "philosopher 4 taking fork 0 (the lower number) first", pid=pids[4],
                     sops=lambda o: len(o) == 1 and o[0][1] == -1)
    s.require(first["sops"][0][0] == 0, f"expected philosopher 4's first P on fork 0, it was on fork "
              f"{first['sops'][0][0]}", near=first)


@check("waiter", 3, "a waiter semaphore (N-1 seats) makes someone wait before touching a fork; everyone eats twice")
def waiter_fix(s):
    c, pids, _ = fixed(s)
    blk = s.expect("sem.block", "a philosopher waiting for a seat (P on the waiter, semaphore 5)", semid=c["semid"],
                   sops=[[5, -1, 0]])
    s.require(blk["sems"][5]["val"] == 0, f"expected the waiter at 0 (4 seated), it is {blk['sems'][5]['val']}",
              near=blk)


def atomic_partial(s, semid):
    """The first sem.block on two forks in which one of them is free (val 1): the semop took neither."""
    for e in s.all("sem.block", semid=semid, sops=lambda o: len(o) == 2):
        if sorted(e["sems"][n]["val"] for n, _, _ in e["sops"]) == [0, 1]:
            return e
    return None


@check("atomic", 3, "both forks in one semop: a waiter leaves a free fork alone (all or nothing); everyone eats twice")
def atomic_fix(s):
    c, pids, _ = fixed(s)
    takes = s.all("sem.op", semid=c["semid"], sops=lambda o: any(x[1] < 0 for x in o))
    bad = next((t for t in takes if len(t["sops"]) != 2), None)
    s.require(takes and bad is None, "expected every fork-taking semop to take both forks at once", near=bad)
    blk = atomic_partial(s, c["semid"])
    s.require(blk is not None, "expected a philosopher to sleep on two forks while one of them was free (the semop "
              "takes neither until both are free)")


# ---- SEM_UNDO --------------------------------------------------------------------------------------------------

def undo_roles(s):
    """(set's create event, A, B, C): undo forks the holder A, then B and C."""
    c = the_set(s, "undo")
    kids = s.children(s.pid("undo"))
    s.require(len(kids) == 3, f"expected undo to fork A, B and C, it forked {kids}")
    return (c, *kids)


@check("undo", 3, "SEM_UNDO: A killed holding the mutex; its exit gives it back (sem.undo), then B and C take it")
def undo_gives_back(s):
    c, a, b, cc = undo_roles(s)
    took = s.expect("sem.op", "A's P with SEM_UNDO", pid=a, sops=[[0, -1, SEM_UNDO]])
    for who, pid in (("B", b), ("C", cc)):
        s.expect("sem.block", f"{who} sleeping in P while A holds the mutex", after=took, pid=pid)
    ex = s.expect("proc.exit", "A killed by SIGKILL", pid=a, signal=9)
    und = s.expect("sem.undo", "A's exit applying its adjustment +1", pid=a, semid=c["semid"], adj=[1])
    s.require(und["seq"] < ex["seq"] and und["sems"][0]["val"] == 1,
              f"expected the undo (mutex back to 1) as A exits, before its proc.exit: {und['sems'][0]}", near=und)
    s.expect("sem.wake", "the undo waking the first of B and C in the queue", after=und, pid=a,
             woken=lambda w: len(w) == 1 and w[0] in (b, cc))
    for who, pid in (("B", b), ("C", cc)):
        ops = s.all("sem.op", after=und, pid=pid, sops=[[0, -1, SEM_UNDO]])
        s.require(ops and not ops[0].get("err"), f"expected {who}'s P to complete after the undo", near=und)
    s.expect_output("B got the mutex")
    s.expect_output("C got the mutex")
    s.expect_status(0)


@check("noundo", 2, "without SEM_UNDO the mutex stays 0, held by dead A: B and C give up (EAGAIN)")
def noundo_stuck(s):
    c, a, b, cc = undo_roles(s)
    s.expect("sem.op", "A's P without SEM_UNDO", pid=a, sops=[[0, -1, 0]])
    ex = s.expect("proc.exit", "A killed by SIGKILL", pid=a, signal=9)
    s.expect_none("sem.undo", "sem.undo (nothing to undo without SEM_UNDO)")
    for who, pid in (("B", b), ("C", cc)):
        op = s.expect("sem.op", f"{who}'s timed-out P", after=ex, pid=pid, err="EAGAIN")
        s.require(op["sems"][0]["val"] == 0 and op["sems"][0]["pid"] == a, f"expected the mutex still 0, last changed "
                  f"by A (pid {a}), when {who} gives up: {op['sems'][0]}", near=op)
    s.expect_output("gave up after 1 s")
    s.expect_status(0)


# ---- who a change must wake: the classic mistakes of update_queue and perform_atomic_semop --------------------

def said(s, prefix):
    """The output line that starts with prefix, or "(no such line)"."""
    return next((l for l in s.output.splitlines() if l.startswith(prefix)), "(no such line)")


def outcome(s, name):
    """What waiter name's semop returned, from semwake's output: 0, an error name, or None."""
    for line in s.output.splitlines():
        if line.startswith(f"{name}: semop returned 0"):
            return 0
        if line.startswith(f"{name}: semop failed: "):
            return line.split(": ", 2)[2].split()[0]
    return None


def waiters(s):
    """semwake's waiter pids in the order it forked them."""
    kids = s.children(s.pid("semwake"))
    s.require(kids, "expected semwake to fork its waiters")
    return kids


def must_complete(s, name, pid, why):
    """Fail, saying why, unless waiter name (pid) slept and then its semop returned 0."""
    s.expect("sem.block", f"{name} (pid {pid}) to sleep in semop first", pid=pid)
    got = outcome(s, name)
    if got != 0:
        op = next((e for e in s.all("sem.op", pid=pid)), None)
        vals = [x["val"] for x in op["sems"]] if op and op.get("sems") else "?"
        s.require(False, f"expected {name}'s semop (pid {pid}) to complete, it {'failed with ' + str(got) if got else 'never returned'}"
                  f" (the semaphores were {vals} then): {why}", near=op)


@check("v2", 2, "one V(+2) completes both waiters of P(-1): a change wakes every waiter it lets through, not only "
       "the first")
def v2_both(s):
    a, b = waiters(s)[:2]
    s.expect_output("before the change: 2 waiting to decrease semaphore 0")
    for name, pid in (("A", a), ("B", b)):
        must_complete(s, name, pid, "after completing one waiter, update_queue must go on (and start again from "
                      "the first): the V(+2) left room for both")
    s.expect_status(0)


@check("restart", 2, "completing B makes room for A, queued before it: update_queue starts again from the first "
       "waiter after each completion")
def restart_again(s):
    a, b = waiters(s)[:2]
    must_complete(s, "B", b, "the V on semaphore 1 lets B's {P on 1, V on 0} through")
    must_complete(s, "A", a, "B's V on semaphore 0 makes A's P possible; A was tried before B ran, so after "
                  "completing B update_queue must start again from the first waiter (`goto again`)")
    s.expect_status(0)


@check("zero", 2, "wait-for-zero: Z sleeps while semaphore 0 is 1, and the P that makes it 0 completes Z")
def zero_waits(s):
    z = waiters(s)[0]
    blk = s.find("sem.block", pid=z, sops=[[0, 0, 0]])
    s.require(blk is not None, f"expected Z (pid {z}) to sleep in semop(sem_op 0) while semaphore 0 is 1: an "
              "operation of 0 waits until the value is 0 (it returned at once instead)",
              near=s.find("sem.op", pid=z))
    must_complete(s, "Z", z, "once the value is 0 the wait-for-zero waiters (pending_const) must be completed too")
    s.expect_status(0)


@check("order", 2, "wait-for-zero waiters are tried before the altering ones: Z sees semaphore 0 at 0 before A's V "
       "makes it 1")
def order_zero_first(s):
    z, a = waiters(s)[:2]
    must_complete(s, "Z", z, "the change made semaphore 0 zero; update_queue must try the wait-for-zero waiters "
                  "(pending_const) before the altering ones (pending_alter), or A's V makes it 1 again first")
    must_complete(s, "A", a, "the change made semaphore 1 one")
    s.expect_status(0)


@check("erange", 2, "a waiter whose operations would now pass SEMVMX is woken with ERANGE, not left asleep")
def erange_fails(s):
    w = waiters(s)[0]
    s.expect("sem.block", "W to sleep on semaphore 1", pid=w)
    got = outcome(s, "W")
    s.require(got == "ERANGE", f"expected W's semop to fail with ERANGE once semaphore 1 allows it (its V(+2) on "
              f"semaphore 0 would pass 32767), it {'gave ' + str(got) if got is not None else 'never returned'}: a "
              f"waiter whose operations now fail must be completed with the error (perform_atomic_semop < 0), not "
              f"skipped like one that still has to wait")
    s.expect_status(0)


@check("rollback", 2, "a semop that waits changes nothing: semaphore 0 stays 5 while it waits, and after its exit "
       "(no SEM_UNDO adjustment was left behind)")
def rollback_nothing(s):
    kid = s.children(s.pid("rollback"))
    s.require(kid, "expected rollback to fork its child")
    s.expect("sem.block", "the child's semtimedop to sleep (its P on semaphore 1 cannot go)", pid=kid[0])
    got = said(s, "child: semtimedop returned ")
    s.require(got == "child: semtimedop returned -1 (EAGAIN)", f"expected \"child: semtimedop returned -1 (EAGAIN)\" "
              f"(its 100 ms limit passed), got \"{got}\"")
    for line, why in (("while the child waits: semaphore 0 is 5", "the V on semaphore 0 before the P that blocks "
                       "must be undone while the semop waits (all or nothing)"),
                      ("after the child exited: semaphore 0 is 5", "the exit's undo applied an adjustment: the "
                       "semadj of an undone operation must be undone with its value")):
        if line not in s.output:
            got = next((l for l in s.output.splitlines() if l.startswith(line.split(":")[0])), "(no such line)")
            s.require(False, f"expected \"{line}\", got \"{got}\": {why}")
    s.expect_status(0)


@check(None, 1, "every boot halted cleanly (except the one the deadlock stopped), with nothing leaked")
def no_leaks(run):
    run.expect_clean_halts()
