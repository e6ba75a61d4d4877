"""labs/msgqueue/checks.py: the message-queue lab's checks (labs/lib/labgrade.py explains the API)."""
from labgrade import check


def types_in(e):
    """The types of the messages in the queue, as a msg.* event lists them."""
    return [m[0] for m in e.get("msgs", [])]


# ---- types: msgtyp selection ------------------------------------------------------------------------------------

# types.c's receives, in order: (msgtyp, the type taken or the error, the queue's types left after it)
TYPES_EXPECTED = [
    ("0", 3, [1, 2, 3, 1, 2]),
    ("2", 2, [1, 3, 1, 2]),
    ("-2", 1, [3, 1, 2]),
    ("3 with MSG_EXCEPT", 1, [3, 2]),
    ("5", "ENOMSG", [3, 2]),
    ("-3", 2, [3]),
    ("0", 3, []),
    ("0", "ENOMSG", []),
]


RULES = {
    "0": "msgtyp 0: the first message in the queue",
    "2": "msgtyp > 0: the first message of that type",
    "-2": "msgtyp < 0: the lowest type <= |msgtyp|, and of equal ones the first that arrived",
    "-3": "msgtyp < 0: the lowest type <= |msgtyp|, and of equal ones the first that arrived",
    "3 with MSG_EXCEPT": "MSG_EXCEPT: the first message of any other type (SEARCH_NOTEQUAL)",
    "5": "msgtyp > 0 with no message of that type and IPC_NOWAIT: ENOMSG",
}


@check("types", 3, "msgtyp 0 takes the first message, > 0 the first of that type, < 0 the lowest type <= |msgtyp|")
def types_selection(s):
    p = s.pid("types")
    sent = s.all("msg.send", pid=p)
    s.require([e["mtype"] for e in sent[:6]] == [3, 1, 2, 3, 1, 2], "expected the parent to queue types 3 1 2 3 1 2, "
              f"it queued {[e['mtype'] for e in sent[:6]]}", near=sent[-1] if sent else None)
    got = s.all("msg.recv", pid=p)
    s.require(len(got) >= len(TYPES_EXPECTED), f"expected {len(TYPES_EXPECTED)} receives, saw {len(got)}",
              near=got[-1] if got else None)
    for e, (msgtyp, want, left) in zip(got, TYPES_EXPECTED):
        took = e.get("err") or e.get("mtype")
        s.require(took == want, f"expected msgrcv(msgtyp {msgtyp}) to give {'type ' + str(want) if isinstance(want, int) else want}"
                  f", it gave {'type ' + str(took) if isinstance(took, int) else took} ({RULES[msgtyp]})", near=e)
        s.require(types_in(e) == left, f"expected the queue's types after msgrcv(msgtyp {msgtyp}) to be {left}, they "
                  f"are {types_in(e)} (the wrong one of equal-typed messages taken?)", near=e)


@check("types", 2, "a receiver asleep for type 7 is not woken by a type-6 message; the type-7 one goes straight to it")
def types_sleeper(s):
    p = s.pid("types")
    kid = s.children(p)[0] if s.children(p) else None
    s.require(kid is not None, "expected types to fork a receiving child")
    blk = s.expect("msg.block", "the child asleep in msgrcv(msgtyp 7)", pid=kid, op="recv", msgtyp=7)
    six = s.expect("msg.send", "the parent's type-6 message, queued", after=blk, pid=p, mtype=6)
    s.require(types_in(six) == [6], f"expected the type-6 message queued (the only receiver waits for type 7), the "
              f"queue is {types_in(six)}: pipelined_send must give a message only to a receiver whose msgtyp and mode "
              f"accept it (testmsg)", near=six)
    wake = s.expect("msg.wake", "the child woken with the type-7 message handed to it (pipelined_send must complete() "
                    "the receiver it gives a message to)", after=blk, op="recv", woken=[kid])
    seven = s.expect("msg.send", "the parent's type-7 message", after=blk, pid=p, mtype=7)
    s.require(wake["seq"] > six["seq"] and wake["seq"] < seven["seq"], "expected the child woken by the type-7 send "
              f"(#{seven['seq']}), not by the type-6 one (#{six['seq']}); it was woken at #{wake['seq']}", near=wake)
    s.require(types_in(seven) == [6], f"expected the type-7 message handed over without being queued (queue [6]), "
              f"the queue is {types_in(seven)}", near=seven)
    s.expect("msg.recv", "the child's msgrcv returning the type-7 message", after=seven, pid=kid, mtype=7)
    s.expect_status(0)


# ---- server: replies by type = pid -------------------------------------------------------------------------------

def server_roles(s):
    """(server pid, [client pids])."""
    srv = s.pid("server")
    kids = s.children(srv)
    s.require(len(kids) == 3, f"expected the server to fork 3 clients, it forked {kids}")
    return srv, kids


@check("server", 2, "each client sleeps in msgrcv with msgtyp = its own pid")
def server_clients_wait(s):
    srv, kids = server_roles(s)
    for i, c in enumerate(kids):
        req = s.expect("msg.send", f"client {i}'s request (type 1)", pid=c, mtype=1)
        s.expect("msg.block", f"client {i} (pid {c}) asleep in msgrcv(msgtyp {c})", after=req, pid=c, op="recv",
                 msgtyp=c)


@check("server", 2, "the server takes only requests (msgtyp 1), one per client")
def server_takes_requests(s):
    srv, kids = server_roles(s)
    got = s.all("msg.recv", pid=srv)
    s.require(len(got) == 3 and all(e.get("mtype") == 1 for e in got), f"expected 3 receives of type 1 by the server, "
              f"got {[e.get('mtype') or e.get('err') for e in got]}", near=got[-1] if got else None)


@check("server", 3, "replies of type = pid, sent last first, each handed straight to its own sleeping client")
def server_replies(s):
    srv, kids = server_roles(s)
    replies = s.all("msg.send", pid=srv)
    order = [e["pid"] for e in s.all("msg.send", mtype=1) if e["pid"] in kids]  # the requests, as they were queued
    s.require([e["mtype"] for e in replies] == order[::-1], f"expected replies of types {order[::-1]} (the last "
              f"request first), got {[e.get('mtype') for e in replies]}", near=replies[0] if replies else None)
    for r in replies:
        c = r["mtype"]
        w = s.all("msg.wake", before=r, pid=srv, op="recv")
        s.require(w and w[-1]["woken"] == [c], f"expected the reply to {c} handed to client {c} (a msg.wake with "
                  f"woken [{c}] just before it), got {w[-1]['woken'] if w else 'no wake'}", near=r)
        s.require(types_in(r) == [], f"expected the reply never queued (handed over), the queue is {types_in(r)}",
                  near=r)
        s.expect("msg.recv", f"client {c} receiving its reply, type {c}", after=r, pid=c, mtype=c)
    s.expect_output("every client got its own reply")
    s.expect_status(0)


# ---- full: a full queue blocks the sender ------------------------------------------------------------------------

@check("full", 3, "the sender sleeps in msgsnd when the queue holds msg_qbytes bytes")
def full_blocks(s):
    snd = s.pid("full")
    blk = s.expect("msg.block", "the sender asleep in msgsnd (op send)", pid=snd, op="send")
    s.require(blk["cbytes"] + blk["size"] > blk["qbytes"] and blk["qnum"] == 4 and blk["cbytes"] == 16384,
              f"expected the queue full when the sender blocks (4 messages, 16384 of 16384 bytes, no room for "
              f"{blk['size']} more); it had {blk['qnum']} messages, {blk['cbytes']} of {blk['qbytes']} bytes", near=blk)


@check("full", 2, "a receive makes room and wakes the sender, whose message then goes in")
def full_wakes(s):
    snd = s.pid("full")
    rcv = s.children(snd)[0] if s.children(snd) else None
    blk = s.expect("msg.block", "the sender asleep in msgsnd", pid=snd, op="send")
    wake = s.expect("msg.wake", "the receiver's msgrcv waking the sender", after=blk, pid=rcv, op="send",
                    woken=lambda w: snd in w)
    s.require(wake["cbytes"] == 12288, f"expected room for one message at the wake (12288 bytes), "
              f"{wake['cbytes']}", near=wake)
    s.expect("msg.send", "the sender's message queued after the wake", after=wake, pid=snd, size=4096)


@check("full", 1, "never more than msg_qbytes queued; 6 messages sent and received in order")
def full_totals(s):
    over = [e for e in s.all() if e.get("type", "").startswith("msg.") and "cbytes" in e and e["cbytes"] > e["qbytes"]]
    s.require(not over, "expected the queue never above its limit", near=over[0] if over else None)
    s.require(not s.all("msg.send", err=lambda x: True), "expected no failed msgsnd")
    s.require(len([e for e in s.all("msg.send") if not e.get("err")]) == 6, "expected 6 messages sent")
    s.require(len([e for e in s.all("msg.recv") if not e.get("err")]) == 6, "expected 6 messages received")
    s.expect_output("receiver: message 5, 4096 bytes")
    s.expect_status(0)


# ---- the finer rules: ties, MSG_COPY, a receiver too small, msg_lrpid ------------------------------------------

def wrong_answers(s):
    """select's lines that report a wrong answer."""
    return [l for l in s.output.splitlines() if "(expected" in l]


@check("ties", 2, "msgtyp -3 with ties: the lowest type first, and among equal types the one that arrived first")
def ties_first(s):
    bad = wrong_answers(s)
    s.require(not bad, "expected msgrcv(msgtyp -3) to take e, b, d, a, c from types 3 2 3 2 1 (a b c d e); "
              f"{bad[0] if bad else ''}: msgtyp < 0 takes the lowest type <= |msgtyp| (|msgtyp| itself included), "
              "and of equal types the first that arrived: find_msg replaces what it found only by a strictly lower "
              "type (`msgtyp = m->m_type - 1` after a find), and returns type 1 at once")
    s.expect_output("ties: every answer as msgrcv(2) says")
    s.expect_status(0)


@check("copy", 2, "MSG_COPY counts messages from 0 and leaves the queue as it was")
def copy_counts(s):
    bad = wrong_answers(s)
    s.require(not bad, f"expected MSG_COPY with msgtyp 0, 2, 1 to copy m0, m2, m1 of the queue m0 m1 m2; {bad[0] if bad else ''}"
              ": with MSG_COPY (SEARCH_NUMBER) msgtyp is a position, counted from 0 in queue order")
    s.expect_output("copy: every answer as msgrcv(2) says")
    s.expect_status(0)


@check("e2big", 2, "a receiver too small for a message fails with E2BIG, and the message goes on to the next "
       "receiver")
def e2big_next(s):
    p = s.pid("select")
    kids = s.children(p)
    s.require(len(kids) >= 2, f"expected select to fork two receivers, it forked {kids}")
    if "R1: msgrcv failed: E2BIG" not in s.output:
        s.require(False, "expected R1 (a 4-byte buffer, no MSG_NOERROR) to fail with E2BIG when the 100-byte "
                  "message came: pipelined_send must complete a receiver too small for the message with -E2BIG "
                  "and take it off the queue of receivers, not skip it and leave it waiting")
    if "R2: got a message of 100 bytes" not in s.output:
        s.require(False, "expected R2 to get the 100-byte message after R1 (4-byte buffer) failed with E2BIG; "
                  f"{'R2 never got it' if 'R2:' not in s.output else [l for l in s.output.splitlines() if l.startswith('R2')][0]}"
                  ": pipelined_send must complete a too-small receiver with -E2BIG and go on to the next "
                  "receiver (continue), not stop there")
    s.expect_status(0)


@check("lrpid", 1, "a message handed to a waiting receiver records it in msg_lrpid (msgctl IPC_STAT)")
def lrpid_set(s):
    if "msg_lrpid is the receiver" not in s.output:
        s.require(False, "expected msgctl(IPC_STAT) to give the receiver's pid in msg_lrpid after the hand-off: "
                  "pipelined_send must set q_lrpid (and q_rtime) for the receiver it hands the message to")
    s.expect_status(0)


@check(None, 1, "every boot halted cleanly, with nothing leaked")
def no_leaks(run):
    run.expect_clean_halts()
