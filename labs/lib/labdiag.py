"""labs/lib/labdiag.py: saying why a scenario did not finish (docs/LABS.md, "Hangs").

- busy_location(): where the CPU is when the kernel loops without a timer tick: QEMU's monitor (QMP) gives the
  registers; the frame-pointer chain (the kernel is built with -fno-omit-frame-pointer) gives the callers; the
  kernel ELF's DWARF (addr2line) gives function, file and line.
- wait_graph(): who sleeps on what when a scenario hung: the tracer's model (build/ipctrace --wait-graph, the
  same wait-for graph its views draw) at the last event, told in words with each object's state from the trace
  (a reader asleep on a pipe that holds bytes is a lost wake-up).
"""
import json
import os
import re
import socket
import subprocess

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ADDR2LINE = "aarch64-linux-gnu-addr2line"


def _qmp(path, commands, timeout=3.0):
    """Run HMP commands through the QMP socket at path; returns their outputs (None for one that failed)."""
    out = []
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.connect(path)
    f = s.makefile("rwb")

    def ask(obj):
        f.write((json.dumps(obj) + "\n").encode())
        f.flush()
        while True:
            line = f.readline()
            if not line:
                return None
            r = json.loads(line)
            if "return" in r:
                return r["return"]
            if "error" in r:
                return None

    f.readline()  # the greeting
    ask({"execute": "qmp_capabilities"})
    for c in commands:
        out.append(ask({"execute": "human-monitor-command", "arguments": {"command-line": c}}))
    s.close()
    return out


def symbolize(elf, addrs):
    """[(function, "file:line")] for each address, from elf's DWARF (the innermost inlined function)."""
    if not elf or not os.path.exists(elf) or not addrs:
        return [("?", "?") for _ in addrs]
    r = subprocess.run([ADDR2LINE, "-f", "-e", elf] + [hex(a) for a in addrs], stdout=subprocess.PIPE,
                       stderr=subprocess.DEVNULL, text=True)
    lines = r.stdout.splitlines()
    res = []
    for i in range(len(addrs)):
        fn = lines[2 * i] if 2 * i < len(lines) else "?"
        loc = lines[2 * i + 1] if 2 * i + 1 < len(lines) else "?"
        loc = re.sub(r" \(discriminator \d+\)", "", loc)
        if loc.startswith(ROOT + "/"):
            loc = loc[len(ROOT) + 1:]
        res.append((fn, loc))
    return res


def busy_location(qmp_path, elf, depth=8):
    """Where a looping kernel is: {"el": 1, "frames": [(function, "file:line"), ...] innermost first, "where":
    "pipe_read (labs/pipes/student/pipe.c:49)", the first frame outside the lock and scheduler primitives}, or
    None when QEMU's monitor could not be asked."""
    try:
        regs = _qmp(qmp_path, ["info registers"])[0] or ""
    except (OSError, ValueError):
        return None
    m = re.search(r"PC=([0-9a-fA-F]+)", regs)
    if not m:
        return None
    pc = int(m.group(1), 16)
    el = re.search(r"EL(\d)", regs)
    x = {int(k): int(v, 16) for k, v in re.findall(r"X(\d\d)=([0-9a-fA-F]+)", regs)}
    addrs = [pc]
    if 30 in x:
        addrs.append(x[30] - 4)  # the caller: the link register points after its bl
    fp = x.get(29, 0)
    try:
        for _ in range(depth):
            if not fp or fp % 8:
                break
            mem = _qmp(qmp_path, [f"x /2gx {fp:#x}"])[0] or ""
            words = re.findall(r":\s*0x([0-9a-fA-F]+)\s+0x([0-9a-fA-F]+)", mem)
            if not words:
                break
            nfp, lr = int(words[0][0], 16), int(words[0][1], 16)
            if lr:
                addrs.append(lr - 4)
            if nfp <= fp:
                break
            fp = nfp
    except (OSError, ValueError):
        pass
    frames = []
    for f in symbolize(elf, addrs):
        if not frames or frames[-1] != f:
            frames.append(f)
    plumbing = ("spin_lock_irqsave", "spin_unlock_irqrestore", "spin_holding", "yield", "switch_to_next",
                "preempt_point", "?")
    first = next((f for f in frames if f[0] not in plumbing), frames[0] if frames else None)
    where = f"{first[0]} ({first[1]})" if first else None
    return {"el": int(el.group(1)) if el else None, "frames": frames, "where": where}


def shown_path(path):
    """path as the reports show it: relative to the tree when inside it, else absolute."""
    path = os.path.abspath(path)
    return os.path.relpath(path, ROOT) if path.startswith(ROOT + os.sep) else path


def wait_graph(trace, seq=None):
    """The tracer's wait-for graph of trace after event seq (default: the last): its --wait-graph JSON, or None
    when build/ipctrace is missing or cannot read the trace."""
    tracer = os.path.join(ROOT, "build", "ipctrace")
    if not os.access(tracer, os.X_OK) or not os.path.exists(trace):
        return None
    cmd = [tracer, "--quiet", "--wait-graph", trace] + (["--at", str(seq)] if seq is not None else [])
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT)
    try:
        return json.loads(r.stdout)
    except ValueError:
        return None


def _last_state(events, field, value):
    """The last event of the scenario that carries object `field` == value (its state after it), or None."""
    for e in reversed(events):
        if e.get(field) == value:
            return e
    return None


def _sleep_words(p, events):
    """One process's sleep told in words, with the object's state from the trace and what it implies."""
    w = p.get("wchan") or "?"
    obj = p.get("object", "")
    kind, _, oid = obj.partition(" ")
    if kind == "pipe" and oid.isdigit():
        e = _last_state(events, "pipe", int(oid))
        reading = w.endswith("read")
        op = "read" if reading else "write"
        slept = next((x for x in reversed(events) if x.get("type") == "pipe.block" and x.get("pid") == p["pid"]
                      and x.get("pipe") == int(oid) and x.get("op") == op), None)

        def could_go(x):
            held = x["head"] - x["tail"]
            if reading:
                return held > 0 or x.get("writers") == 0
            return x.get("readers") == 0 or x["cap"] - held >= 4096

        if e and "head" in e:
            held = e["head"] - e["tail"]
            state = f"it holds {held} of {e['cap']} bytes, {e.get('readers')} reader(s), {e.get('writers')} writer(s)"
            if slept and "head" in slept and could_go(slept):
                sh = slept["head"] - slept["tail"]
                why = (("it held bytes" if sh else "no writer was left: a read must return 0, end of file")
                       if reading else ("no reader was left: a write must fail with EPIPE" if slept.get("readers") == 0
                                        else "there was room"))
                return (f"went to sleep {'reading' if reading else 'writing'} pipe {oid} at #{slept['seq']} although "
                        f"it could go on ({why}), and nothing will wake it: either the condition it waits on "
                        f"(pipe_{'readable' if reading else 'writable'}) is wrong, or it tested the pipe before taking "
                        f"its lock and missed the change (a lost wake-up); now {state}")
            if could_go(e):
                return (f"sleeps {'reading' if reading else 'writing'} pipe {oid}, but {state}: it could go on, "
                        f"nobody woke it (a lost wake-up: the {'write or close' if reading else 'read or close'} that "
                        f"changed the pipe did not wake_up its {'readers' if reading else 'writers'}, or it tested the "
                        f"pipe before taking its lock)")
            return f"sleeps {'reading' if reading else 'writing'} pipe {oid} ({state})"
        return f"sleeps on {w}"
    if kind == "sem" and oid.isdigit():
        e = _last_state(events, "semid", int(oid))
        num, op = p.get("semnum"), p.get("semop")
        what = "for semaphore %s to become 0" % num if op == 0 else f"to take {-op if op is not None else '?'} from semaphore {num}"
        slept = next((x for x in reversed(events) if x.get("type") == "sem.block" and x.get("pid") == p["pid"]
                      and x.get("semid") == int(oid)), None)

        def can(x):
            """Could the sleeper's whole semop complete in state x (each operation on the values as they are)?"""
            if not x or not x.get("sems") or not x.get("sops"):
                return False
            vals = [v["val"] for v in x["sems"]]
            for n, o, _ in x["sops"]:
                if n >= len(vals) or (o == 0 and vals[n]) or vals[n] + o < 0:
                    return False
                vals[n] += o
            return True

        if e and e.get("sems") and num is not None and num < len(e["sems"]):
            val = e["sems"][num]["val"]
            if slept and can(slept):
                return (f"went to sleep in semop on set {oid} at #{slept['seq']} although all its operations "
                        f"could complete then (perform_atomic_semop said wait); waiting {what}, now {val}")
            queued = any(p["pid"] in x.get("ncnt", []) + x.get("zcnt", []) for x in e["sems"])
            if slept and not queued:
                return (f"sleeps in semop on set {oid}, but it is no longer queued on any semaphore: its operation "
                        f"was taken off the queue (performed?) and the sleeper never woken: a waiter that update_queue "
                        f"finishes must be completed (wake_waiter: off its list, complete())")
            now = dict(slept, sems=e["sems"]) if slept else None
            note = (": it could go on now, nobody completed it (update_queue did not retry it after the change "
                    "that allowed it)") if can(now) else ""
            return f"sleeps in semop on set {oid}, waiting {what} (its value is {val}){note}"
        return f"sleeps in semop on set {oid}, waiting {what}"
    if kind == "msg" and oid.isdigit():
        e = _last_state(events, "msqid", int(oid))
        q = f" (the queue holds {e.get('qnum')} message(s), {e.get('cbytes')} bytes)" if e and "qnum" in e else ""
        return f"sleeps on {w}{q}"
    return f"sleeps on {w}" if w else "sleeps"


def describe_hang(s, runner_pid=None):
    """Lines telling who sleeps on what at the end of scenario s (a Scenario that hung), from the tracer's
    wait-for graph at the scenario's last event: each of the scenario's processes, what it waits for and who
    could wake it, then the deadlocked set. [] when the graph cannot be had."""
    if not s.events:
        return []
    last = s.events[-1]["seq"]
    g = wait_graph(s.trace_path, last)
    if not g:
        return []
    mine = {e["pid"] for e in s.events if e.get("pid") not in (0, runner_pid)}
    mine |= {e.get("child") for e in s.events if e.get("type") == "proc.fork"}
    names = {p["pid"]: p["name"] for p in g["procs"]}
    states = {p["pid"]: p["state"] for p in g["procs"]}
    lines = [f"who sleeps on what when it stopped (after #{last}; build/ipctrace --at {last} "
             f"{shown_path(s.trace_path)} shows it):"]
    for p in g["procs"]:
        if p["pid"] not in mine or p["pid"] == runner_pid:
            continue
        if p["state"] != "sleeping":
            lines.append(f"  pid {p['pid']} {p['name']}: {p['state']}")
            continue
        words = _sleep_words(p, s.events)
        rel = [f"{r} {names.get(r, '?')} ({states.get(r, '?')})" for r in p["releasers"]]
        if rel:
            words += f"; could be woken by pid {', '.join(rel)}"
        lines.append(f"  pid {p['pid']} {p['name']}: {words}")
    if g["deadlocked"]:
        lines.append(f"  deadlock: pids {', '.join(str(x) for x in g['deadlocked'])} each wait for another of them")
    return lines
