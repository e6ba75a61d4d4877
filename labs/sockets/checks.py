"""labs/sockets/checks.py: the sockets lab's checks (labs/lib/labgrade.py explains the API). Socket events
(traces/FORMAT.md, "Unix domain sockets") carry the socket's state after the event: `sock`, `state`, `addr`,
`peer`, a listener's `backlog` and `pending`, a receive queue's `queue`."""
from labgrade import CheckFailed, check

CLIENTS = ("a", "b", "c")


@check("stream", 3, "the server binds /tmp/lab.sock and listens with a backlog of 4")
def stream_listen(s):
    srv = s.pid("server")
    b = s.expect("unix.bind", "the server's bind to its path", pid=srv, addr="/tmp/lab.sock", sock_type="stream")
    s.require(not b.get("err"), f"expected bind to succeed, it failed with {b.get('err')} (a file left at the "
              f"path from an earlier run? unlink it before bind)", near=b)
    s.expect("unix.listen", "then listen on that socket, backlog 4", after=b, pid=srv, sock=b["sock"], backlog=4)


@check("stream", 3, "the accept loop takes all three connections, each a new socket, the listener kept")
def stream_accepts(s):
    srv = s.pid("server")
    lst = s.expect("unix.listen", "the server's listening socket", pid=srv)
    conns = s.all("unix.connect", to=lst["sock"])
    s.require(len(conns) == 3 and not any(c.get("err") for c in conns),
              f"expected the three clients to connect to the listener, saw {len(conns)} connect(s)"
              + (f", errors {[c.get('err') for c in conns if c.get('err')]}" if any(c.get("err") for c in conns) else ""))
    acc = s.all("unix.accept", pid=srv, to=lst["sock"])
    ok = [a for a in acc if not a.get("err")]
    stuck = s.all("unix.block", pid=srv)
    if len(ok) < 3 and stuck and stuck[-1]["op"] == "recv" and stuck[-1]["sock"] != lst["sock"]:
        raise CheckFailed(f"expected 3 accepts on the listening socket, saw {len(ok)}: the server is still reading "
                          f"connection sock {stuck[-1]['sock']}, waiting for end of file; it comes only when the "
                          f"client shuts down its sending side (shutdown(fd, SHUT_WR)) or closes", near=stuck[-1])
    s.require(len(ok) == 3, f"expected 3 accepts on the listening socket, saw {len(ok)}: does the server accept in "
              f"a loop, once per client? A connection nobody accepts waits in the listener's backlog: its client "
              f"waits for an answer that never comes (or gets ECONNRESET when the listener closes)", near=ok[-1] if ok else lst)
    s.require(len({a["sock"] for a in ok}) == 3 and lst["sock"] not in {a["sock"] for a in ok},
              f"expected each accept to return a new connected socket, not the listener: got socks "
              f"{[a['sock'] for a in ok]}", near=ok[-1])
    lclose = s.find("unix.close", pid=srv, sock=lst["sock"])
    s.require(lclose is None or lclose["seq"] > ok[-1]["seq"], "expected the listening socket to stay open until "
              "the last client was accepted; the server closed it before", near=lclose)


@check("stream", 3, "each client's request arrives whole on its own connection; each gets its answer, then EOF")
def stream_data(s):
    srv = s.pid("server")
    for a in s.all("unix.accept", pid=srv):
        if a.get("err"):
            continue
        req = s.expect("unix.recv", f"the server to read the request on connection sock {a['sock']}", after=a,
                       pid=srv, sock=a["sock"], n=lambda n: n > 0)
        s.expect("unix.recv", f"the server to read on to end of file (the client shut down writing) on sock "
                 f"{a['sock']}", after=req, pid=srv, sock=a["sock"], n=0)
        ans = s.expect("unix.send", f"the server's answer on sock {a['sock']}", after=req, pid=srv, sock=a["sock"])
        s.require(ans["data"] == req["data"].upper(), f"expected the answer {req['data'].upper()!r}, the server "
                  f"sent {ans['data']!r}", near=ans)
        s.expect("unix.close", f"the server to close connection sock {a['sock']} after answering (else its client "
                 f"never sees end of file)", after=ans, pid=srv, sock=a["sock"])
    for c in CLIENTS:
        s.expect_output(f'client {c}: got "HELLO FROM {c.upper()}"')
    s.expect_status(0)


@check("dgram", 3, "every datagram reaches the server whole, with its sender's bound address")
def dgram_from(s):
    srv = s.pid("dgserver")
    recvs = [r for r in s.all("unix.recv", pid=srv) if r.get("n", 0) > 0]
    for r in recvs:
        s.require(r["data"].startswith("ping "), f"expected a whole request \"ping N from X\", got {r['data']!r}",
                  near=r)
        s.require(r.get("from_addr", "").startswith("/tmp/lab.dgc."),
                  f"expected the datagram {r['data']!r} to carry its sender's address; it came from an unnamed "
                  f"socket (no from_addr): a datagram client must bind its socket to a name of its own, or the "
                  f"server has nowhere to send the answer", near=r)
    s.require(len(recvs) == 4, f"expected the server to receive 4 datagrams, saw {len(recvs)}",
              near=recvs[-1] if recvs else None)


@check("dgram", 3, "each answer goes back with sendto to the address recvfrom gave; each client gets both")
def dgram_replies(s):
    srv = s.pid("dgserver")
    for r in [r for r in s.all("unix.recv", pid=srv) if r.get("n", 0) > 0]:
        a = s.expect("unix.send", f"the server's answer to {r['data']!r}", after=r, pid=srv)
        s.require(not a.get("err"), f"expected the answer to {r['data']!r} to be sent, sendto failed with "
                  f"{a.get('err')}" + (" (the request came from an unnamed socket: nothing to answer to)"
                                       if "from_addr" not in r else ""), near=a)
        s.require(a.get("dest") == r.get("from_addr"), f"expected the answer sent to {r.get('from_addr')}, it went "
                  f"to {a.get('dest')}", near=a)
    for c in ("a", "b"):
        for i in (1, 2):
            s.expect_output(f'client {c}: got "PONG: PING {i} FROM {c.upper()}"')
    s.expect_status(0)


@check("passfd", 3, "the pipe's read end travels in an SCM_RIGHTS message and arrives as a new descriptor")
def passfd_travel(s):
    par, rcv = s.pid("passfd"), s.pid("fdrecv")
    pc = s.expect("pipe.create", "the parent's pipe", pid=par)
    snd = s.expect("unix.send", "the parent's sendmsg carrying the read end", after=pc, pid=par,
                   fds=lambda f: any(x[0] == pc["fds"][0] for x in f))
    rv = s.expect("unix.recv", "the receiver's recvmsg", after=snd, pid=rcv)
    s.require(not rv.get("ctrunc"), "expected the descriptor to arrive; the control message was cut (MSG_CTRUNC): "
              "the receiver gave recvmsg no room for it (msg_control, msg_controllen of CMSG_SPACE(sizeof(int))), "
              "so the kernel closed the passed file", near=rv)
    s.require(rv.get("fds") and rv["fds"][0][1].startswith(f"pipe {pc['pipe']} r"),
              f"expected the receiver to get the read end of pipe {pc['pipe']}, it got {rv.get('fds')}", near=rv)
    fd = rv["fds"][0][0]
    s.expect_output(f"came with descriptor {fd}")


@check("passfd", 3, "the pass keeps the read end open; the receiver reads both lines through it, then EOF")
def passfd_read(s):
    par, rcv = s.pid("passfd"), s.pid("fdrecv")
    pc = s.expect("pipe.create", "the parent's pipe", pid=par)
    s.expect_none("pipe.close", "close of the pipe's read end by the sender (the message in flight, then the "
                  "receiver, hold that open file)", pid=par, pipe=pc["pipe"], end="read")
    r1 = s.expect("pipe.read", "the receiver to read the first line through the passed descriptor", pid=rcv,
                  pipe=pc["pipe"], data=lambda d: d.startswith("first line"))
    r2 = s.expect("pipe.read", "then the second line, written after the pass", after=r1, pid=rcv, pipe=pc["pipe"],
                  data=lambda d: d.startswith("second line"))
    s.expect("pipe.read", "then end of file once the parent closed the write end", after=r2, pid=rcv,
             pipe=pc["pipe"], n=0, writers=0)
    s.expect_output("fdrecv: end of file")
    s.expect_status(0)


@check(None, 1, "every boot halted cleanly, with no socket, pipe or in-flight descriptor left")
def no_leaks(run):
    run.expect_clean_halts()
    for h in run.halts():
        left = {k: h[k] for k in ("leaked_socks", "inflight_fds") if h.get(k)}
        run.require(not left, f"expected no socket left at halt, kernel.halt says {left}")
