#!/usr/bin/env python3
"""slow_feed.py SOCKET|- TRACE [--delay S] [--drop-seq N] [--cut-last] [--copy FILE] [--qmp] [--log FILE]
                [--pause-before SEQ:S]

Plays QEMU's part for live-mode tests: listens on the unix socket SOCKET (like
-chardev socket,server=on,wait=on), waits for the tracer to connect, then writes TRACE line by line with a
delay, optionally dropping the event with seq N (a gap) and cutting the last line in half (QEMU killed
mid-write). With "-" it writes to stdout instead. --copy keeps exactly what was sent.
--qmp also serves QEMU's monitor at SOCKET.qmp (as scripts/qemu-ipclab does): the greeting, qmp_capabilities,
and "stop" / "cont", which pause / resume the sending as QEMU's stopped virtual machine would; at the end it
prints how many times it was stopped and the most lines it sent while a stop was asked for. As QEMU's does, the
monitor answers a command only once it dispatched it (--qmp-lag S later), drops the commands not dispatched yet
when its client goes, and a guest stopped then stays stopped: it prints "qmp: left stopped" and exits 3.
--log FILE writes "seq time" (CLOCK_MONOTONIC) for each line as it is sent; --pause-before SEQ:S sleeps S
seconds before sending the line with seq SEQ (to measure the latency of a caught-up tracer)."""
import argparse, json, os, select, socket, sys, time

ap = argparse.ArgumentParser()
ap.add_argument("sock")
ap.add_argument("trace")
ap.add_argument("--delay", type=float, default=0.002)
ap.add_argument("--drop-seq", type=int, default=-1)
ap.add_argument("--cut-last", action="store_true")
ap.add_argument("--copy")
ap.add_argument("--qmp", action="store_true")
ap.add_argument("--qmp-lag", type=float, default=0.0)
ap.add_argument("--log")
ap.add_argument("--pause-before", action="append", default=[])
a = ap.parse_args()

lines = open(a.trace, "rb").read().splitlines(keepends=True)
out = []
for i, l in enumerate(lines):
    try:
        if json.loads(l).get("seq") == a.drop_seq:
            continue
    except ValueError:
        pass
    if a.cut_last and i == len(lines) - 1:
        l = l[: len(l) // 2]
    out.append(l)
if a.copy:
    open(a.copy, "wb").write(b"".join(out))
pauses = {int(p.split(":")[0]): float(p.split(":")[1]) for p in a.pause_before}
log = open(a.log, "w") if a.log else None

if a.sock == "-":
    w = sys.stdout.buffer
    send = lambda b: (w.write(b), w.flush())
    conn = None
else:
    if os.path.exists(a.sock):
        os.unlink(a.sock)
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(a.sock)
    srv.listen(1)
    srv.settimeout(30)
    conn, _ = srv.accept()
    send = conn.sendall

# the monitor: opened once the trace socket has its reader, as QEMU does
mon = None
mon_conn = None
stopped = False
stops = 0
sent_while_stopped = 0
if a.qmp:
    qpath = a.sock + ".qmp"
    if os.path.exists(qpath):
        os.unlink(qpath)
    mon = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    mon.bind(qpath)
    mon.listen(1)
    mon.setblocking(False)


queued = []   # (when, command): received, not dispatched yet


def monitor(wait):
    """Serve the monitor; with wait, block until a "cont" while stopped."""
    global mon_conn, stopped, stops, queued
    while True:
        fds = [mon] + ([mon_conn] if mon_conn else [])
        r, _, _ = select.select(fds, [], [], 0.01 if (wait and stopped) or queued else 0)
        for f in r:
            if f is mon:
                mon_conn, _ = mon.accept()
                mon_conn.sendall(b'{"QMP": {"version": {}, "capabilities": ["oob"]}}\r\n')
                continue
            data = mon_conn.recv(4096)
            if not data:
                # QEMU (monitor/qmp.c) drops what it has not dispatched; the virtual machine keeps its state
                mon_conn.close()
                mon_conn = None
                queued = []
                if stopped:
                    print("qmp: left stopped (%d stops)" % stops)
                    sys.stdout.flush()
                    os._exit(3)
                continue
            for cmd in data.splitlines():
                queued.append((time.monotonic() + a.qmp_lag, json.loads(cmd).get("execute")))
        while queued and queued[0][0] <= time.monotonic() and mon_conn:
            c = queued.pop(0)[1]
            if c == "stop":
                stopped, stops = True, stops + 1
                mon_conn.sendall(b'{"timestamp": {"seconds": 0, "microseconds": 0}, "event": "STOP"}\r\n')
            elif c == "cont":
                stopped = False
                mon_conn.sendall(b'{"timestamp": {"seconds": 0, "microseconds": 0}, "event": "RESUME"}\r\n')
            mon_conn.sendall(b'{"return": {}}\r\n')
        if not (wait and stopped):
            return


for l in out:
    if mon:
        monitor(True)
    try:
        seq = json.loads(l).get("seq", -1)
    except ValueError:
        seq = -1
    if seq in pauses:
        time.sleep(pauses[seq])
    if log:
        log.write("%d %.6f\n" % (seq, time.monotonic()))
        log.flush()
    # split some lines in two writes, as a chardev may; with its reader gone, QEMU's socket chardev drops what the
    # guest writes (char-socket.c: not connected) and the guest runs on
    try:
        if len(l) > 40:
            send(l[:17])
            time.sleep(a.delay / 2)
            send(l[17:])
        else:
            send(l)
    except BrokenPipeError:
        if a.sock == "-":
            raise
        send = lambda b: None
    time.sleep(a.delay)
if conn:
    conn.close()
    os.unlink(a.sock)
if mon:
    print("qmp: stopped %d times" % stops)
    if mon_conn:
        mon_conn.close()
    os.unlink(a.sock + ".qmp")
