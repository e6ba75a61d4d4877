"""labs/mmap/checks.py: the mmap lab's checks (labs/lib/labgrade.py explains the API).

The program marks the mapping's address ("mapping=0x... anonymous|file|private") and the final counter
("counter=V"); in the file scenario also what pread(2) read from the file ("pread=V") and what the mapping held
after a pwrite(2) of 42 ("mapping=42"). The semaphore is the first word of the shared page: the kernel's futex
events on it (futex.wait, futex.wake) are the only events the increments cause."""
from labgrade import check

N = {"race": 10000, "sem": 500, "file": 500}


def mark(s, prefix, what):
    """The value of the program's trace mark "PREFIX=V" (an int, or the text after '='), and the mark."""
    m = s.expect("trace.mark", what, text=lambda t: t.startswith(prefix + "="))
    v = m["text"].split("=", 1)[1].split()[0]
    return (int(v, 0) if v.lstrip("-").isdigit() or v.startswith("0x") else v), m


def final(s):
    """The final counter, with a failure that names the mistake when the parent saw none of its children's stores."""
    v, m = mark(s, "counter", "the program's mark of the final counter (counter=V)")
    kind = s.find("trace.mark", text=lambda t: t.startswith("mapping=0x"))
    s.require(v != 0, "expected the children's increments in the parent's counter, it is 0: the children's stores "
              "never reached the parent's page. A MAP_PRIVATE mapping is copied at fork (each process writes its own "
              "copy); only MAP_SHARED makes the page one for all the processes that map it" +
              (f" (this run's mapping: \"{kind['text']}\")" if kind else ""), near=m)
    return v, m


def semaphore_sleeps(s):
    """Check that a worker slept on the semaphore's word in the shared page and the other's sem_post woke it."""
    addr, _ = mark(s, "mapping", "the program's mark of the mapping's address (mapping=0x...)")
    w = s.find("futex.wait")
    s.require(w is not None, "expected a worker to sleep in sem_wait at least once (a futex.wait): the timer "
              "preempts a worker inside its critical section now and then, and the other then finds the semaphore "
              "taken. No futex.wait: was sem_wait called around the increment?")
    s.require(int(w["uaddr"], 16) == addr, f"expected the worker to sleep on the semaphore at the start of the "
              f"mapping ({hex(addr)}), it sleeps on {w['uaddr']}", near=w)
    s.require(w["shared"], "expected a shared futex (keyed by the physical page, so a sem_post in the other "
              "process finds the sleeper): this one is private to one address space. sem_init's second argument "
              "(pshared) must be 1 for a semaphore used by several processes", near=w)
    s.expect("futex.wake", "the other worker's sem_post waking it", after=w, woken=lambda l: w["pid"] in l,
             uaddr=w["uaddr"])


@check("race", 2, "without the semaphore, increments are lost (counter < 20000)")
def race_lost(s):
    v, m = final(s)
    s.require(v < 2 * N["race"], f"expected lost updates (a counter below {2 * N['race']}), the counter is {v}: were "
              f"the two workers never preempted between load and store?", near=m)
    s.expect_status(0)


@check("race", 1, "the kernel sees none of the increments: no system call between the forks and the exits")
def race_invisible(s):
    p = s.pid("counter")
    kids = s.children(p)
    s.require(len(kids) == 2, f"expected two worker processes, the program forked {kids}")
    s.expect_none("futex.wait", "futex wait in the unsynchronised run")
    for k in kids:
        # map.create (the mapping inherited at fork), map.touch (the first access maps the shared page in: one page
        # fault, after which the increments are plain loads and stores) and map.remove (exit) are no increments
        ev = [e for e in s.all(pid=k) if not e["type"].startswith(("sched.", "sig.", "proc.", "map."))]
        s.require(not ev, f"expected no kernel event from worker {k} (plain loads and stores), but #{ev[0]['seq']} is "
                  f"{ev[0]['type']}" if ev else "", near=ev[0] if ev else None)


@check("sem", 3, "with sem_wait/sem_post on a semaphore in the shared page, the counter is exactly 1000")
def sem_exact(s):
    v, m = final(s)
    s.require(v == 2 * N["sem"], f"expected exactly {2 * N['sem']}, the counter is {v}: an increment outside "
              f"sem_wait/sem_post, or a semaphore that is not shared", near=m)
    s.expect_status(0)


@check("sem", 2, "a worker sleeps on the semaphore's word (a shared futex in the mapping); the other's sem_post wakes it")
def sem_futex(s):
    semaphore_sleeps(s)


@check("file", 2, "a file mapping works as the anonymous one: the counter is exactly 1000, the semaphore in it")
def file_exact(s):
    kind = s.expect("trace.mark", "the program's mark of a file mapping", text=lambda t: t.endswith(" file"))
    v, m = final(s)
    s.require(v == 2 * N["file"], f"expected exactly {2 * N['file']}, the counter is {v}", near=m)
    semaphore_sleeps(s)


@check("file", 2, "a store through the mapping is what read(2) returns, and a write(2) is seen through the mapping")
def file_coherent(s):
    v, _ = final(s)
    r, m = mark(s, "pread", "the program's mark of what pread read from the file (pread=V)")
    s.require(r == v, f"expected pread of the file to return the counter the mapping holds ({v}), it read {r}: the "
              f"mapping and the file are not the same pages", near=m)
    after = s.expect("trace.mark", "the program's mark of the mapping after pwrite(42) (mapping=V)", after=m,
                     text=lambda t: t.startswith("mapping=") and not t.startswith("mapping=0x"))
    s.require(after["text"] == "mapping=42", f"expected the mapping to read 42 after pwrite wrote 42 into the file, "
              f"\"{after['text']}\"", near=after)
    s.expect_status(0)


@check(None, 1, "every boot halted cleanly: no shared memory, futex waiter or page left")
def no_leaks(run):
    run.expect_clean_halts(also=("leaked_shmem", "futex_waiters"))
