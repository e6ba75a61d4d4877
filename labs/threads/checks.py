"""labs/threads/checks.py: the threads lab's checks (labs/lib/labgrade.py explains the API).

The program marks every put and take ("put 3 count=2": the buffer holds 2 items after it) and each wait ("wait
notempty", "wait notfull") just before pthread_cond_wait; the kernel's futex events (futex.wait, futex.wake) say
which thread sleeps and who wakes it. A lost wake-up is a consumer asleep after "wait notempty" while the last
put/take left items in the buffer."""
import re

from labgrade import check

MARK = re.compile(r"(put|take) (-?\d+) count=(\d+)$")


def threads(s):
    """(main pid, consumer thread pids, producer pid or None) of the scenario's bbuf process."""
    main = s.pid("bbuf")
    kids = [e["child"] for e in s.all("proc.fork", pid=main) if e.get("tgid") == main]
    puts = {e["pid"] for e in s.all("trace.mark", text=lambda t: t.startswith("put "))}
    producer = next((k for k in kids if k in puts), None)
    return main, [k for k in kids if k != producer], producer


def ops(s):
    """The put/take marks as (event, op, item, count after) in trace order."""
    out = []
    for e in s.all("trace.mark"):
        m = MARK.match(e["text"])
        if m:
            out.append((e, m.group(1), int(m.group(2)), int(m.group(3))))
    return out


def asleep(s, pids):
    """{pid: its futex.wait} for each of pids whose last futex.wait no futex.wake (nor its exit) ended."""
    out = {}
    for p in pids:
        w = [e for e in s.all("futex.wait", pid=p)]
        if not w:
            continue
        last = w[-1]
        woken = s.find("futex.wake", after=last, woken=lambda l, p=p: p in l)
        if woken is None and s.find("proc.exit", after=last, pid=p) is None:
            out[p] = last
    return out


def lost_wakeups(s):
    """[(consumer pid, its futex.wait, items in the buffer, the last put's mark)] for the consumers asleep on
    notempty while the buffer holds items: the lost wake-ups."""
    main, consumers, producer = threads(s)
    found = []
    for p, w in sorted(asleep(s, consumers).items()):
        why = s.all("trace.mark", before=w, pid=p)
        if not why or why[-1]["text"] != "wait notempty":
            continue
        done = ops(s)
        puts = [o for o in done if o[1] == "put"]
        if done and done[-1][3] > 0:
            found.append((p, w, done[-1][3], puts[-1][0]))
    return found


def describe(found):
    """The grader's sentence for the lost wake-ups found."""
    p, w, n, last = found[0]
    return (f"a lost wake-up: consumer thread {p} sleeps in pthread_cond_wait on notempty (futex.wait #{w['seq']} "
            f"on the word at {w['uaddr']}) while the buffer holds {n} item{'s' if n != 1 else ''}; the last put "
            f"(#{last['seq']} \"{last['text']}\") woke nobody. A signal is never remembered: "
            f"pthread_cond_signal wakes a thread that waits now, or no one. Signal notempty after every put (or "
            f"broadcast), not only when the buffer was empty")


@check("bbuf", 2, "the consumers sleep on a futex while the buffer is empty; the producer's put wakes them")
def consumers_sleep(s):
    main, consumers, producer = threads(s)
    s.require(len(consumers) == 2 and producer, f"expected two consumer threads and a producer thread (proc.fork "
              f"with tgid {main}), found consumers {consumers} and producer {producer}")
    for c in consumers:
        m = s.expect("trace.mark", f"consumer {c} to find the buffer empty and wait", pid=c, text="wait notempty")
        w = s.expect("futex.wait", f"consumer {c} asleep in pthread_cond_wait (a futex.wait)", after=m, pid=c)
        put = s.expect("trace.mark", "a put by the producer", after=w, pid=producer, text=lambda t: t.startswith("put "))
        s.expect("futex.wake", f"the producer's pthread_cond_signal waking consumer {c}", after=put, pid=producer,
                 woken=lambda l, c=c: c in l)


@check("bbuf", 2, "the producer sleeps when the buffer is full (count=4); a consumer's take wakes it")
def producer_full(s):
    main, consumers, producer = threads(s)
    full = s.expect("trace.mark", "the buffer filled by the producer (count=4)", pid=producer,
                    text=lambda t: t.startswith("put ") and t.endswith("count=4"))
    m = s.expect("trace.mark", "the producer's wait on notfull", after=full, pid=producer, text="wait notfull")
    w = s.expect("futex.wait", "the producer asleep in pthread_cond_wait", after=m, pid=producer)
    s.expect("futex.wake", "a consumer's pthread_cond_signal(notfull) after a take waking the producer", after=w,
             pid=lambda p: p in consumers, woken=lambda l: producer in l)


@check("bbuf", 3, "every item taken exactly once, and never from an empty buffer")
def exactly_once(s):
    empty = s.find("trace.mark", text=lambda t: t.startswith("take from an empty buffer"))
    s.require(empty is None, "expected no take from an empty buffer, but a consumer took one (the mark \"take from "
              "an empty buffer\"): it woke from pthread_cond_wait and took an item without looking again. Waking "
              "says only \"the condition may hold now\": another consumer may have taken the item first. The wait "
              "belongs in a while loop that tests count again, not in an if", near=empty)
    taken = [o[2] for o in ops(s) if o[1] == "take" and o[2] >= 0]
    dup = sorted({i for i in taken if taken.count(i) > 1})
    missing = [i for i in range(12) if i not in taken]
    s.require(not dup and not missing, f"expected items 0..11 each taken once; taken twice: {dup}, never taken: "
              f"{missing}")
    s.expect_status(0)


@check("bbuf", 3, "no lost wake-up: no consumer left asleep while the buffer holds items")
def no_lost_wakeup(s):
    found = lost_wakeups(s)
    s.require(not found, "expected no consumer asleep with items in the buffer, but there is " +
              (describe(found) if found else ""), near=found[0][1] if found else None)
    s.require(s.status is not None, f"expected the program to finish: {s.hang or 'it was stopped'}")


@check("bbuf", 2, "pthread_join sleeps on the thread's id word; the thread's exit wakes it (CLONE_CHILD_CLEARTID)")
def join_futex(s):
    main, consumers, producer = threads(s)
    w = s.expect("futex.wait", "the main thread asleep in pthread_join (a futex.wait)", pid=main)
    ex = s.expect("futex.wake", "an exiting thread's kernel clearing its id word and waking the joiner", after=w,
                  pid=lambda p: p in consumers + [producer], woken=lambda l: main in l, uaddr=w["uaddr"])
    s.expect("proc.exit", "that thread's exit right after", after=ex, pid=ex["pid"])


@check("lost", 3, "the lost wake-up happens: a consumer sleeps for ever with an item in the buffer")
def lost_seen(s):
    found = lost_wakeups(s)
    s.require(s.hang is not None, "expected the `lost` variant to hang (a consumer that is never woken), but the "
              f"program ended with status {s.status}")
    s.require(found, "expected a consumer asleep after \"wait notempty\" while the buffer holds items (the lost "
              "wake-up); the hang is something else")


@check(None, 1, "every boot halted cleanly, with nothing leaked and no thread asleep on a futex")
def no_leaks(run):
    run.expect_clean_halts(also=("futex_waiters",))
