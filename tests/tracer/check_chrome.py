#!/usr/bin/env python3
"""check_chrome.py OUT.json: the Chrome Trace Event Format export is valid JSON with the fields Perfetto reads:
ph, ts (microseconds, numbers), pid, tid, name; counters (ph C) with numeric args for pipe fill and semaphores;
B/E balanced per thread; metadata names for processes. Prints problems, exits 1 on any."""
import json, sys, collections

d = json.load(open(sys.argv[1]))
ev = d["traceEvents"] if isinstance(d, dict) else d
bad = []
depth = collections.Counter()
counters = set()
names = set()
for i, e in enumerate(ev):
    for k in ("ph", "pid", "tid", "name") if e.get("ph") != "E" else ("ph", "pid", "tid"):
        if k not in e:
            bad.append(f"event {i} lacks {k}: {e}")
    ph = e.get("ph")
    if ph != "M":
        if not isinstance(e.get("ts"), (int, float)):
            bad.append(f"event {i} ts is not a number: {e}")
    if ph == "C":
        counters.add(e["name"].split()[0])
        if not e.get("args") or not all(isinstance(v, (int, float)) for v in e["args"].values()):
            bad.append(f"counter {i} needs numeric args: {e}")
    if ph == "B":
        depth[(e["pid"], e["tid"])] += 1
    if ph == "E":
        depth[(e["pid"], e["tid"])] -= 1
        if depth[(e["pid"], e["tid"])] < 0:
            bad.append(f"E without B at {i}")
    if ph == "M" and e.get("name") == "process_name":
        names.add(e["pid"])
for k, v in depth.items():
    if v:
        bad.append(f"unbalanced B/E on {k}")
want = sys.argv[2].split(",") if len(sys.argv) > 2 else []
for w in want:
    if w not in counters:
        bad.append(f"no counter for {w} (have {sorted(counters)})")
if not names:
    bad.append("no process_name metadata")
# timestamps: microseconds; the sample traces start at 1 ms = 1000 us
ts = [e["ts"] for e in ev if "ts" in e]
if ts and not (900 <= min(ts) <= 1100):
    bad.append(f"first ts {min(ts)} is not in microseconds")
for b in bad[:20]:
    print("  " + b)
sys.exit(1 if bad else 0)
