"""labs/signals/checks.py: the signals lab's checks (labs/lib/labgrade.py explains the API). Signal sets in the
trace are hex strings, signal N at bit N-1 (mask_has)."""
from labgrade import check, mask_has

SIGKILL, SIGUSR1, SIGUSR2, SIGTERM, SIGALRM, SIGCHLD = 9, 10, 12, 15, 14, 17


@check("pending", 2, "three SIGUSR1 sent while blocked: pending and blocked both show bit 10, nothing delivered")
def pending_blocked(s):
    p = s.pid("pending")
    gens = s.all("sig.generate", pid=p, target=p, sig=SIGUSR1)
    s.require(len(gens) == 3, f"expected 3 sig.generate of SIGUSR1, saw {len(gens)}")
    for g in gens:
        s.require(mask_has(g["pending"], SIGUSR1) and mask_has(g["blocked"], SIGUSR1),
                  f"expected SIGUSR1 pending and blocked after #{g['seq']}, pending={g['pending']} "
                  f"blocked={g['blocked']}", near=g)
    s.expect_none("sig.deliver", "delivery while SIGUSR1 is blocked", before=gens[-1], sig=SIGUSR1)


@check("pending", 2, "the three coalesce: one delivery when unblocked, the handler returns through sig.return")
def pending_coalesce(s):
    p = s.pid("pending")
    dels = s.all("sig.deliver", pid=p, sig=SIGUSR1)
    s.require(len(dels) == 1, f"expected exactly one delivery of SIGUSR1 (standard signals do not queue), saw "
              f"{len(dels)}", near=dels[-1] if dels else None)
    d = dels[0]
    s.require("handler" in d, "expected the delivery to run the handler (a handler address)", near=d)
    s.require(mask_has(d["blocked"], SIGUSR1), f"expected SIGUSR1 blocked while its handler runs, blocked="
              f"{d['blocked']}", near=d)
    s.expect("sig.return", "the handler to return through rt_sigreturn", after=d, pid=p)
    s.expect_output("handled 1 time(s)")
    s.expect_status(0)


@check("blocked", 3, "a blocked SIGUSR1 stays pending while the unblocked SIGUSR2 is delivered")
def blocked_waits(s):
    p = s.pid("blocked")
    g1 = s.expect("sig.generate", "SIGUSR1 sent while blocked", pid=p, target=p, sig=SIGUSR1,
                  blocked=lambda b: mask_has(b, SIGUSR1))
    d2 = s.expect("sig.deliver", "SIGUSR2 delivered to its handler", after=g1, pid=p, sig=SIGUSR2)
    unblock = s.expect("sig.mask", "the sigprocmask that unblocks SIGUSR1", after=d2, pid=p,
                       blocked=lambda b: not mask_has(b, SIGUSR1))
    early = [d for d in s.all("sig.deliver", pid=p, sig=SIGUSR1) if d["seq"] < unblock["seq"]]
    s.require(not early, "SIGUSR1 was delivered while it was blocked (delivering a blocked signal: delivery takes the "
              "lowest signal of pending & ~blocked, and a blocked one stays pending)", near=early[0] if early else None)
    s.require(mask_has(d2["pending"], SIGUSR1), f"expected SIGUSR1 still pending while SIGUSR2's handler runs, "
              f"pending={d2['pending']}: a blocked signal stays pending until unblocked (was it dropped when it was "
              f"generated?)", near=d2)
    s.expect_output("SIGUSR2 handled 1 time(s), SIGUSR1 0")


@check("blocked", 2, "a SIGUSR1 sent during its own handler waits for the handler's return, then is delivered")
def blocked_during_handler(s):
    p = s.pid("blocked")
    d1 = s.expect("sig.deliver", "SIGUSR1 delivered once unblocked (a blocked signal stays pending until unblocked)",
                  pid=p, sig=SIGUSR1)
    s.require(mask_has(d1["blocked"], SIGUSR1), f"expected SIGUSR1 blocked while its handler runs, blocked="
              f"{d1['blocked']}", near=d1)
    g = s.expect("sig.generate", "the handler to send SIGUSR1 again", after=d1, pid=p, target=p, sig=SIGUSR1)
    r = s.expect("sig.return", "the handler to return", after=g, pid=p)
    s.expect_none("sig.deliver", "a second SIGUSR1 nested inside the first handler", after=d1, before=r, pid=p,
                  sig=SIGUSR1)
    s.expect("sig.deliver", "the SIGUSR1 generated during its handler delivered after the handler returned (a "
             "signal generated during its handler must not be lost)", after=r, pid=p, sig=SIGUSR1)
    s.expect_output("handled 2 time(s)")
    s.expect_status(0)


@check("nested", 3, "nested handler frames: deliver 10, deliver 12, return, return")
def nested(s):
    p = s.pid("nested")
    d1 = s.expect("sig.deliver", "SIGUSR1 delivered to its handler", pid=p, sig=SIGUSR1)
    d2 = s.expect("sig.deliver", "SIGUSR2 delivered inside the SIGUSR1 handler", after=d1, pid=p, sig=SIGUSR2)
    s.expect_none("sig.return", "return from SIGUSR1's handler before SIGUSR2's runs", after=d1, before=d2, pid=p)
    s.require(mask_has(d2["blocked"], SIGUSR1) and mask_has(d2["blocked"], SIGUSR2),
              f"expected both signals blocked in the inner handler, blocked={d2['blocked']}", near=d2)
    r1 = s.expect("sig.return", "the inner handler to return first", after=d2, pid=p)
    s.require(mask_has(r1["blocked"], SIGUSR1) and not mask_has(r1["blocked"], SIGUSR2),
              f"expected the mask of the outer handler restored (SIGUSR1 only), blocked={r1['blocked']}", near=r1)
    r2 = s.expect("sig.return", "then the outer one", after=r1, pid=p)
    s.require(not mask_has(r2["blocked"], SIGUSR1), f"expected main's mask restored, blocked={r2['blocked']}", near=r2)
    s.expect_status(0)


@check("sigkill", 3, "SIGTERM blocked and ignored stays pending; SIGKILL kills anyway")
def sigkill(s):
    parent = s.pid("sigkill")
    child = s.children(parent)[0]
    term = s.expect("sig.generate", "SIGTERM sent to the child", pid=parent, target=child, sig=SIGTERM)
    s.expect_none("sig.deliver", "delivery of SIGTERM (blocked)", pid=child, sig=SIGTERM)
    kill = s.expect("sig.generate", "then SIGKILL", after=term, pid=parent, target=child, sig=SIGKILL)
    d = s.expect("sig.deliver", "SIGKILL delivered with action term despite the blocked mask", after=kill, pid=child,
                 sig=SIGKILL, action="term")
    s.require(mask_has(d["pending"], SIGTERM), f"expected SIGTERM still pending when SIGKILL is delivered, "
              f"pending={d['pending']}", near=d)
    s.expect("proc.exit", "the child to die of signal 9", pid=child, signal=SIGKILL)
    s.expect("proc.reap", "the parent to reap it with status 9", pid=parent, child=child, status=SIGKILL)
    s.expect_status(0)


@check("sigchld", 3, "each child's exit sends SIGCHLD; the handler reaps all three (exit codes 1+2+3)")
def sigchld(s):
    parent = s.pid("sigchld")
    kids = s.children(parent)
    s.require(len(kids) == 3, f"expected 3 children, saw {len(kids)}")
    for k in kids:
        ex = s.expect("proc.exit", f"child {k} to exit", pid=k)
        s.expect("sig.generate", f"its exit to send SIGCHLD to the parent", after=ex, target=parent, sig=SIGCHLD)
        s.expect("proc.reap", f"the parent to reap {k}", after=ex, pid=parent, child=k)
    d = s.expect("sig.deliver", "SIGCHLD delivered to the parent's handler", pid=parent, sig=SIGCHLD)
    s.require("handler" in d, "expected a handler to run for SIGCHLD", near=d)
    s.expect("sig.interrupt", "SIGCHLD to end the parent's sigsuspend", pid=parent, call="rt_sigsuspend")
    s.expect_output("exit codes add up to 6")
    s.expect_status(0)


@check("eintr", 3, "SIGALRM interrupts a blocked pipe read: EINTR without SA_RESTART, restarted with it")
def eintr(s):
    p = s.pid("eintr")
    blk = s.expect("pipe.block", "the first read to block on the empty pipe", pid=p, op="read")
    i1 = s.expect("sig.interrupt", "SIGALRM to interrupt it with EINTR", after=blk, pid=p, call="read", result="EINTR")
    s.expect("sig.deliver", "then the handler to run", after=i1, pid=p, sig=SIGALRM)
    i2 = s.expect("sig.interrupt", "the second read (SA_RESTART) to be interrupted and restarted", after=i1, pid=p,
                  call="read", result="restart")
    again = s.expect("pipe.block", "the restarted read to block again", after=i2, pid=p, op="read")
    s.expect("pipe.read", "and to return the child's 4 bytes", after=again, pid=p, n=4, data="late")
    s.expect_output("no SA_RESTART: read returned -1, errno EINTR")
    s.expect_output("SA_RESTART: read returned 4")
    s.expect_status(0)


@check(None, 1, "every boot halted cleanly, with nothing leaked")
def no_leaks(run):
    run.expect_clean_halts()
