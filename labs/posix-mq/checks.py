"""labs/posix-mq/checks.py: the posix-mq lab's checks (labs/lib/labgrade.py explains the API).

The kernel's mq.* events carry the queue's state after each operation (curmsgs, maxmsg, qsize, msgs in the order
they will be received, notify_pid); the programs mark what they read from the queue's file in /dev/mqueue
("file QSIZE:... NOTIFY:... SIGNO:... NOTIFY_PID:...")."""
from labgrade import check

ORDER = ["high 1", "high 2", "mid 1", "mid 2", "low 1", "low 2"]


def file_marks(s):
    """The program's marks of the queue's file, as dicts of its fields ({"QSIZE": 32, ...}), with the marks."""
    out = []
    for m in s.all("trace.mark", text=lambda t: t.startswith("file ")):
        out.append(({k: int(v) for k, v in (w.split(":", 1) for w in m["text"].split()[1:] if ":" in w)}, m))
    return out


def fire_for_first(s, first, nothing, story=""):
    """The registration's fire (mq.notify op "fire") for "first" (the child's send event), the message that made the
    queue non-empty; fail saying `nothing` (what did not come) and `story` (what happened instead) when there was no
    fire: mq_notify(3) notifies only of a message arriving in an empty queue."""
    fire = s.find("mq.notify", op="fire")
    s.require(fire is not None, f"expected the registration to fire when \"first\" arrived, but {nothing}: the "
              f"queue held {first['curmsgs'] - 1} message(s) before it (#{first['seq']}), and mq_notify tells only of "
              f"a message arriving in an EMPTY queue (mq_notify(3)){story}. Register while the queue is empty, and "
              f"empty it before registering again", near=first)
    s.require(fire["seq"] < first["seq"] and fire["msgs"][0][2] == "first", "expected the notification to fire for "
              "\"first\", the message that made the queue non-empty", near=fire)
    return fire


@check("prio", 3, "messages are received highest priority first, in the order sent within one priority")
def prio_order(s):
    got = [(e["text"], e["prio"]) for e in s.all("mq.recv") if "err" not in e]
    texts = [t for t, _ in got]
    s.require(texts == ORDER, f"expected the receives in the order {ORDER} (priority 9, then 5, then 1; oldest first "
              f"within one priority), they came as {got}", near=s.find("mq.recv"))
    s.expect_status(0)


@check("prio", 2, "the queue holds them sorted as they arrive; its file shows QSIZE 32 bytes, then 0")
def prio_state(s):
    sends = s.all("mq.send")
    s.require(len(sends) == 6, f"expected six mq.send events, found {len(sends)}")
    held = [m[2] for m in sends[-1]["msgs"]]
    s.require(held == ORDER, f"expected the queue after the sixth send to hold {ORDER} in that order, it holds {held}",
              near=sends[-1])
    files = file_marks(s)
    s.require(len(files) == 2, f"expected the program to read /dev/mqueue/lab-prio twice, it marked {len(files)} "
              "reads (is the mqueue filesystem mounted there?)")
    s.require(files[0][0].get("QSIZE") == 32 and files[1][0].get("QSIZE") == 0, f"expected QSIZE:32 (the bytes of the "
              f"six texts) then QSIZE:0, the file said \"{files[0][1]['text']}\" then \"{files[1][1]['text']}\"",
              near=files[0][1])


@check("full", 2, "a send through an O_NONBLOCK descriptor to the full queue fails at once with EAGAIN")
def full_eagain(s):
    e = s.expect("mq.send", "a send that fails with EAGAIN", err="EAGAIN")
    s.require(e["curmsgs"] == e["maxmsg"] == 2, f"expected the queue full (2 of 2) at the EAGAIN, it holds "
              f"{e['curmsgs']} of {e['maxmsg']}", near=e)
    s.expect_none("mq.block", "sleep before the EAGAIN (O_NONBLOCK never waits)", before=e)


@check("full", 2, "mq_timedsend sleeps until its deadline (200 ms) and fails with ETIMEDOUT")
def full_timedout(s):
    t = s.expect("mq.send", "a send that fails with ETIMEDOUT", err="ETIMEDOUT")
    b = s.find("mq.block", before=t, op="send")
    s.require(b is not None, "expected the timed send to sleep first (mq.block op=send): a timeout is a wait that "
              "ends", near=t)
    waited = (t["ts"] - b["ts"]) / 1e6
    s.require(waited >= 150, f"expected about 200 ms between its sleep and the ETIMEDOUT, it was {waited:.0f} ms",
              near=t)


@check("full", 3, "a plain mq_send on the full queue sleeps until a receive makes room, then its message goes in")
def full_blocks(s):
    p = s.pid("full")
    t = s.expect("mq.send", "the timed send's ETIMEDOUT first", err="ETIMEDOUT")
    b = s.expect("mq.block", "the parent asleep in mq_send on the full queue", after=t, pid=p, op="send")
    r = s.expect("mq.recv", "the child's receive, later", after=b, pid=lambda x: x != p)
    w = s.find("mq.wake", after=b, op="send", woken=lambda l: p in l)
    s.require(w is not None and w["pid"] == r["pid"], "expected the child's receive to wake the sleeping sender "
              "(mq.wake op=send woken=[parent]) and let its message in", near=r)
    s.expect("mq.send", "the parent's send of \"three\" completing after it woke", after=w, pid=p, text="three")
    s.expect_status(0)


@check("notify", 2, "mq_notify registers the process for SIGUSR1 (value 42); the queue's file shows NOTIFY_PID")
def notify_register(s):
    p = s.pid("notify")
    reg = s.expect("mq.notify", "mq_notify registering for a signal", op="register", owner=p, notify="signal", signo=10)
    s.require(reg["value"] == "0x2a", f"expected the sigev_value 42 (0x2a), the registration has {reg['value']}",
              near=reg)
    files = file_marks(s)
    s.require(files and files[0][0].get("NOTIFY_PID") == p and files[0][0].get("SIGNO") == 10,
              f"expected the file to show SIGNO:10 NOTIFY_PID:{p} after registering, it showed "
              f"\"{files[0][1]['text'] if files else '(no read)'}\"")
    s.expect_none("mq.notify", "removal of the registration before any message", after=reg, op="remove")


@check("notify", 3, "the first message into the empty queue sends SIGUSR1 to the registered process, and only it")
def notify_fires(s):
    p = s.pid("notify")
    first = s.expect("mq.send", "the child's send of \"first\"", text="first")
    fire = fire_for_first(s, first, "no notification came")
    s.expect("sig.generate", "SIGUSR1 generated for the registered process", after=fire, target=p, sig=10)
    s.expect("sig.deliver", "SIGUSR1 delivered to its handler", after=fire, pid=p, sig=10)
    fires = s.all("mq.notify", op="fire")
    s.require(len(fires) == 1, f"expected one notification (a registration is used once), there were {len(fires)}",
              near=fires[-1])
    s.expect_status(0)


@check("notify", 1, "after it fired the registration is gone: the file shows NOTIFY_PID:0")
def notify_used(s):
    files = file_marks(s)
    s.require(len(files) == 2 and files[1][0].get("NOTIFY_PID") == 0, "expected the second read of the file to show "
              f"NOTIFY_PID:0, it showed \"{files[1][1]['text'] if len(files) > 1 else '(no second read)'}\"")


def thread_group(s, p):
    """The threads process p made (proc.fork with tgid p: clone with CLONE_THREAD), not p itself."""
    return {e["child"] for e in s.all("proc.fork") if e.get("tgid") == p and e["child"] != p}


def netlink_sleeper(s, sock, before=None):
    """The first sched.switch of a thread going to sleep in recv on netlink socket sock (before an event), or None:
    the C library's thread waiting for the kernel's cookie (traces/FORMAT.md: netlink sockets write no events of
    their own; a receiver's wchan is "netlink SOCK recv")."""
    return s.find("sched.switch", before=before, prev_state="sleeping", wchan=f"netlink {sock} recv")


def thread_registration(s):
    """The thread scenario's process (its pid) and its registration (mq.notify register, notify "thread")."""
    p = s.pid("notify_thread")
    return p, s.expect("mq.notify", "mq_notify registering a SIGEV_THREAD notification", op="register", owner=p,
                       notify="thread")


@check("thread", 2, "mq_notify with SIGEV_THREAD registers the process with a netlink socket; the file shows NOTIFY:2 "
       "and NOTIFY_PID")
def thread_register(s):
    p, reg = thread_registration(s)
    s.require(reg.get("sock") is not None, "expected the registration to name the netlink socket the C library gave "
              "the kernel (sock)", near=reg)
    files = file_marks(s)
    got = files[0][1]["text"][len("file "):] if files else "(no read)"
    s.require(files and files[0][0].get("NOTIFY") == 2 and files[0][0].get("SIGNO") == 0 and
              files[0][0].get("NOTIFY_PID") == p, f"expected the file to show NOTIFY:2 (SIGEV_THREAD) SIGNO:0 "
              f"NOTIFY_PID:{p} after registering, it showed \"{got}\"", near=reg)
    first = s.expect("mq.send", "the child's send of \"first\"", text="first")
    s.expect_none("mq.notify", "removal of the registration before the child's first message (did the process "
                  "close a descriptor of the queue? mqueue_flush_file ends its registration)", after=reg,
                  before=first, op="remove")


@check("thread", 3, "the first message into the empty queue sends the cookie to the netlink socket; the C library's "
       "thread wakes and on_message runs once, with 42, on a thread other than main's")
def thread_fires(s):
    p, reg = thread_registration(s)
    sock = reg.get("sock")
    first = s.expect("mq.send", "the child's send of \"first\"", text="first")
    fire = s.find("mq.notify", op="fire")
    early = s.find("mq.notify", after=reg, before=first, op="remove")
    if fire is None and early is not None:
        s.require(False, f"expected the registration to fire when \"first\" arrived, but it had been removed before "
                  f"(#{early['seq']}): the registered process closed a descriptor of the queue (reading "
                  f"/dev/mqueue/NAME with open and close counts: Linux's mqueue_flush_file) or called mq_notify(q, "
                  f"NULL). The kernel sent the cookie with NOTIFY_REMOVED and the C library's thread ended without "
                  f"calling on_message. Read the file through the queue descriptor (pread on q) instead", near=early)
    story = ""
    if fire is None:
        sleeper = netlink_sleeper(s, sock)
        removed = s.find("mq.notify", after=reg, op="remove")
        story = (f"; the C library's thread {sleeper['pid']} slept on its netlink socket {sock} (#{sleeper['seq']})"
                 if sleeper else "")
        story += (f" until the registration was removed (#{removed['seq']}, the cookie then says NOTIFY_REMOVED), "
                  f"and on_message never ran" if removed else ", and on_message never ran")
    fire = fire_for_first(s, first, "the kernel never sent the cookie", story)
    s.require(fire.get("notify") == "thread" and fire.get("sock") == sock, f"expected the fire to send the cookie to "
              f"the registered netlink socket {sock} (notify \"thread\"), it has notify {fire.get('notify')!r} "
              f"sock {fire.get('sock')}", near=fire)
    s.expect_none("sig.generate", "signal for a SIGEV_THREAD notification (the kernel sends the cookie to the "
                  "socket instead)", after=reg, target=p, sig=lambda x: x != 17)
    sleeper = netlink_sleeper(s, sock, before=fire)
    s.require(sleeper is not None, f"expected a thread of the process asleep in recv on the netlink socket {sock} "
              f"before the message came (sched.switch wchan \"netlink {sock} recv\"): the C library's thread that "
              f"waits for the cookie", near=fire)
    helper = sleeper["pid"]
    s.require(helper in thread_group(s, p), f"expected the thread asleep on netlink socket {sock} to be a thread of "
              f"process {p}, it is {helper}", near=sleeper)
    s.expect("sched.switch", f"the library's thread {helper} running again after the cookie came", after=fire,
             next=helper)
    calls = s.all("trace.mark", text=lambda t: t.startswith("on_message "))
    s.require(calls, f"expected on_message to run after the cookie came (its mark \"on_message value=42\"), it "
              f"never did", near=fire)
    call = calls[0]
    s.require(call["seq"] > fire["seq"] and call["text"] == "on_message value=42", f"expected on_message to run "
              f"after the fire with the sigev_value 42, it marked \"{call['text']}\"", near=call)
    s.require(call["pid"] != p and call["pid"] in thread_group(s, p), f"expected on_message to run on a thread of "
              f"its own (SIGEV_THREAD), not on the main thread {p}: it ran on {call['pid']}", near=call)
    fires = s.all("mq.notify", op="fire")
    s.require(len(fires) == 1 and len(calls) == 1, f"expected one notification and one call (a registration is used "
              f"once), there were {len(fires)} fire(s) and {len(calls)} call(s)", near=calls[-1])
    s.expect_status(0)


@check("thread", 1, "after it fired the registration is gone: the file shows NOTIFY:0 NOTIFY_PID:0")
def thread_used(s):
    files = file_marks(s)
    got = files[1][1]["text"][len("file "):] if len(files) > 1 else "(no second read)"
    still = (" (the registration is still there: it never fired, no message arrived in an empty queue)"
             if len(files) > 1 and files[1][0].get("NOTIFY") == 2 else "")
    s.require(len(files) == 2 and files[1][0].get("NOTIFY") == 0 and files[1][0].get("NOTIFY_PID") == 0,
              f"expected the second read of the file to show NOTIFY:0 NOTIFY_PID:0, it showed \"{got}\"{still}")


@check(None, 1, "every boot halted cleanly, with no message queue left")
def no_leaks(run):
    run.expect_clean_halts(also=("leaked_mqueues",))
