#!/usr/bin/env python3
"""tests/virtio/check_trace.py TRACE EVENTS [OVERFLOW_SEQ]: check a trace written by the virtio harness against
traces/FORMAT.md: a header first, then EVENTS events, each one valid JSON on its own line with the common fields,
seq 0, 1, 2, ... with no gap, ts never decreasing; the events at OVERFLOW_SEQ and OVERFLOW_SEQ+1 are
trace.overflow. Prints one "check ok - ..." / "check fail - ..." line per check (tests/virtio/run numbers them)."""
import json
import sys


def main():
    path, want = sys.argv[1], int(sys.argv[2])
    ovf = int(sys.argv[3]) if len(sys.argv) > 3 else None
    data = open(path, 'rb').read()
    fails = 0

    def check(ok, what):
        nonlocal fails
        print(f"check {'ok' if ok else 'fail'} - {what}")
        fails += not ok

    check(data.endswith(b'\n'), f'{path}: ends with a newline (no cut line)')
    lines = data.split(b'\n')[:-1]
    try:
        hdr = json.loads(lines[0])
        ok = (hdr.get('type') == 'trace.header' and hdr.get('format') == 'ipclab-trace' and hdr.get('version') == 2
              and isinstance(hdr.get('kernel'), str) and isinstance(hdr.get('bootargs'), str)
              and isinstance(hdr.get('timer_hz'), int) and hdr.get('data_max') == 64 and 'seq' not in hdr)
    except (ValueError, IndexError):
        ok = False
    check(ok, 'the first line is a trace.header with format, version, kernel, bootargs, timer_hz, data_max')

    bad_json = bad_fields = 0
    gaps = []
    last_ts = -1
    back_ts = 0
    types = {}
    expect = 0
    for raw in lines[1:]:
        try:
            ev = json.loads(raw)
        except ValueError:
            bad_json += 1
            continue
        if not (isinstance(ev, dict) and all(isinstance(ev.get(k), int) for k in ('seq', 'ts', 'cpu', 'pid'))
                and isinstance(ev.get('type'), str) and '.' in ev['type']):
            bad_fields += 1
            continue
        if ev['seq'] != expect:
            gaps.append((expect, ev['seq']))
        expect = ev['seq'] + 1
        if ev['ts'] < last_ts:
            back_ts += 1
        last_ts = ev['ts']
        types[ev['seq']] = ev
    n = len(lines) - 1
    check(bad_json == 0, f'every line is valid JSON ({bad_json} bad of {n})')
    check(bad_fields == 0, f'every event has seq, ts, cpu, pid and a dotted type ({bad_fields} without)')
    check(not gaps and n == want, f'all {want} events arrived with seq 0..{want - 1} in order '
          f'(got {n}, gaps {gaps[:3]})')
    check(back_ts == 0, f'ts never goes backwards ({back_ts} times)')
    if ovf is not None:
        a, b = types.get(ovf, {}), types.get(ovf + 1, {})
        check(a.get('type') == 'trace.overflow' and a.get('event') == 'pipe.write' and a.get('reason') == 'too long'
              and b.get('type') == 'trace.overflow' and b.get('reason') == 'nesting',
              'an event too long, and one left open, became trace.overflow events with their own seq')
    return 1 if fails else 0


if __name__ == '__main__':
    sys.exit(main())
