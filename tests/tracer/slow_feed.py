#!/usr/bin/env python3
"""slow_feed.py SOCKET|- TRACE [--delay S] [--drop-seq N] [--cut-last] [--copy FILE]

Plays QEMU's part for live-mode tests: listens on the unix socket SOCKET (like
-chardev socket,server=on,wait=on), waits for the tracer to connect, then writes TRACE line by line with a
delay, optionally dropping the event with seq N (a gap) and cutting the last line in half (QEMU killed
mid-write). With "-" it writes to stdout instead. --copy keeps exactly what was sent."""
import argparse, json, os, socket, sys, time

ap = argparse.ArgumentParser()
ap.add_argument("sock")
ap.add_argument("trace")
ap.add_argument("--delay", type=float, default=0.002)
ap.add_argument("--drop-seq", type=int, default=-1)
ap.add_argument("--cut-last", action="store_true")
ap.add_argument("--copy")
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
for l in out:
    # split some lines in two writes, as a chardev may
    if len(l) > 40:
        send(l[:17])
        time.sleep(a.delay / 2)
        send(l[17:])
    else:
        send(l)
    time.sleep(a.delay)
if conn:
    conn.close()
    os.unlink(a.sock)
