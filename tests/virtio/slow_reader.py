#!/usr/bin/env python3
"""tests/virtio/slow_reader.py SOCKET OUT: a deliberately slow host reader of a QEMU unix-socket chardev.
Connects (retrying while QEMU starts), reads 8 KiB at a time with a 1 ms pause and a 50 ms stall every 200 reads,
and writes what it read to OUT, until QEMU closes the socket."""
import socket
import sys
import time


def main():
    path, out = sys.argv[1], sys.argv[2]
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16384)
    deadline = time.time() + 20
    while True:
        try:
            s.connect(path)
            break
        except OSError:
            if time.time() > deadline:
                print(f'slow_reader: cannot connect to {path}', file=sys.stderr)
                return 1
            time.sleep(0.02)
    reads = 0
    with open(out, 'wb') as f:
        while True:
            b = s.recv(8192)
            if not b:
                break
            f.write(b)
            reads += 1
            time.sleep(0.05 if reads % 200 == 0 else 0.001)
    return 0


if __name__ == '__main__':
    sys.exit(main())
