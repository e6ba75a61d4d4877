"""labs/lib/labboot.py: booting a lab's scenarios and watching them (docs/LABS.md, "Grading", "Hangs").

boot() starts QEMU through scripts/qemu-ipclab under -icount, with /labs/run and the scenarios as /init's
arguments, and reads the trace while it grows. It stops the boot in three cases and says which:
  - "progress": no process but the runner (and the idle kernel) emitted an event for `progress` seconds of guest
    time, while the runner's lab.tick marks show guest time passing: the scenario's processes all sleep (a
    deadlock, a lost wake-up);
  - "busy": the trace has not grown for `stall` wall-clock seconds while QEMU kept a host CPU busy: the guest
    runs without ever reaching a timer tick, a kernel loop with interrupts masked (a busy wait). QEMU's monitor
    tells where the CPU is (labdiag.busy_location);
  - "stall": the same silence with QEMU idle: guest time itself stopped (a lost timer);
  - "storm": a signal was delivered STORM_DELIVERIES times more than it was generated (each delivery takes a
    generated instance off the pending set): the same signal delivered again and again, its pending bit never
    cleared, a livelock that emits events and so is no hang;
  - "flood": the trace passed TRACE_MAX bytes: some other loop that emits events without end.
A kernel panic ends the boot by itself: the console has "kernel panic: ...", and the kernel flushed its trace
first. The console's "@@lab begin NAME" lines name the scenario that was running even when its trace events
never reached the host.

run_lab() runs a list of scenarios, booting again for the ones after a scenario that stopped its boot.
"""
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))

# Runner arguments of a graded boot: scripts/lab uses the same ones to replay a preemption seed exactly.
GRADE_TICK, GRADE_LIMIT = 1, 60
# A "storm": deliveries of one signal beyond its generations (sig.deliver against sig.generate events).
STORM_DELIVERIES = 200
# A "flood": the trace grew past TRACE_MAX bytes (a lab's boot writes a few MB at most; a kernel caught in a loop
# that emits events writes gigabytes in a minute). The watcher reads at most READ_MAX bytes at a time, so a trace
# that grew fast while the host was busy is still looked at from its start; read_events keeps the first TRACE_MAX
# bytes for the checks.
TRACE_MAX = 256 << 20
READ_MAX = 8 << 20


def init_args(scens, seed=0, tick=GRADE_TICK, limit=GRADE_LIMIT):
    """The /init arguments that run scens ([(name, [program, args...])]) through /labs/run."""
    args = ["/labs/run", "--tick", str(tick), "--limit", str(limit)]
    if seed:
        args += ["--seed", str(seed)]
    return args + [f"{name}={','.join(argv)}" for name, argv in scens]


def read_events(path, limit=TRACE_MAX):
    """(header, events) of a trace file's first `limit` bytes; lines that are not JSON (a cut last line) are left
    out."""
    header, events = None, []
    if not os.path.exists(path):
        return None, []
    with open(path, encoding="utf-8", errors="replace") as f:
        read = 0
        for line in f:
            read += len(line)
            if read > limit:
                break
            try:
                ev = json.loads(line)
            except ValueError:
                continue
            if ev.get("type") == "trace.header":
                header = ev
            else:
                events.append(ev)
    return header, events


def _qemu_pid(leader):
    """The pid of the qemu-system-aarch64 process in process group `leader` (scripts/qemu-ipclab's), or None."""
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                st = f.read()
            comm = st[st.index("(") + 1:st.rindex(")")]
            if int(st[st.rindex(")") + 2:].split()[2]) == leader and comm.startswith("qemu-system"):
                return int(d)
        except (OSError, ValueError, IndexError):
            continue
    return None


def _cpu_seconds(pid):
    """CPU time (user + system) that process pid has used, in seconds, or None."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            st = f.read()
        fields = st[st.rindex(")") + 2:].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def boot(kernel, args, trace, klog, icount=True, progress=5.0, wall=120, echo=None, stall=3.0, kargs="",
         elf=None):
    """Boot kernel with /init args (and kernel command line words kargs), the trace to `trace`, the kernel log to
    klog, watching the trace grow. Returns a dict: events, output (console text), rc (QEMU's status), header,
    trace, klog, hang (None, or why the boot was stopped), hang_kind ("progress", "busy", "stall", "storm", "flood", "panic",
    "wall" or None), panic (the panic message or None), busy (labdiag.busy_location's dict for a busy loop, or None),
    args (the init arguments), kargs, wall_s (wall-clock seconds the boot took)."""
    import labdiag
    t_start = time.monotonic()
    qdir = tempfile.mkdtemp(prefix="labqmp")
    qmp = os.path.join(qdir, "qmp")
    cmd = [os.path.join(ROOT, "scripts", "qemu-ipclab"), "--kernel", kernel, "--trace", trace, "--klog", klog,
           "--timeout", str(wall), "--qmp", qmp]
    if os.environ.get("LAB_INITRD"):  # another initramfs: a lab program replaced (make lab-prog, docs/LABS.md)
        cmd += ["--initrd", os.environ["LAB_INITRD"]]
    if icount:
        cmd.append("--icount")
    if kargs:
        cmd += ["--kargs", kargs]
    cmd += ["--"] + args
    if os.path.exists(trace):
        os.unlink(trace)
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                            start_new_session=True, cwd=ROOT)
    out = []

    def pump():
        for line in iter(proc.stdout.readline, b""):
            text = line.decode("utf-8", "replace")
            out.append(text)
            if echo:
                echo(text)

    t = threading.Thread(target=pump, daemon=True)
    t.start()
    runner, last_ts, progress_ts, hang, kind, pos, buf, busy = None, 0, 0, None, None, 0, b"", None
    owed = {}  # signal -> deliveries less generations so far
    grew = time.monotonic()
    qpid, cpu_at_grow = None, 0.0  # QEMU's CPU seconds when the trace last grew (from its start)

    def stop():
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    while proc.poll() is None:
        time.sleep(0.05)
        try:
            with open(trace, "rb") as f:
                f.seek(pos)
                chunk = f.read(READ_MAX)
        except FileNotFoundError:
            chunk = b""
        now = time.monotonic()
        if qpid is None:
            qpid = _qemu_pid(proc.pid)
        if chunk:
            grew = now
            cpu_at_grow = _cpu_seconds(qpid) if qpid else None
        elif now - grew > stall:
            cpu = _cpu_seconds(qpid) if qpid else None
            used = cpu - cpu_at_grow if cpu is not None and cpu_at_grow is not None else None
            if used is not None and used < 0.5 * stall and now - grew < 3 * stall:
                continue  # QEMU itself hardly ran (a loaded host): not the guest's fault, wait longer
            if used is None or used >= 0.5 * stall:
                busy = labdiag.busy_location(qmp, elf)
                kind = "busy"
                where = f" in {busy['where']}" if busy and busy.get("where") else ""
                hang = (f"the kernel ran for {now - grew:.1f} s of wall-clock time{where} without one timer tick "
                        f"or trace event: a loop in the kernel that never sleeps (a busy wait?), with "
                        f"interrupts masked; the boot was stopped")
            else:
                kind = "stall"
                hang = (f"the trace did not grow for {now - grew:.1f} s while QEMU was idle: guest time itself "
                        f"stopped (a lost timer?); the boot was stopped")
            stop()
            break
        pos += len(chunk)
        buf += chunk
        *lines, buf = buf.split(b"\n")
        for line in lines:
            try:
                ev = json.loads(line)
            except ValueError:
                continue
            ts = ev.get("ts")
            if ts is None:
                continue
            last_ts = ts
            text = ev.get("text", "")
            if ev.get("type") == "trace.mark" and text.startswith("lab.begin"):
                runner = ev.get("pid")
            if ev.get("pid") not in (0, runner) or (ev.get("type") == "trace.mark" and not text.startswith("lab.tick")):
                progress_ts = ts
            if ev.get("type") in ("sig.generate", "sig.deliver"):
                sig = ev.get("sig")
                owed[sig] = owed.get(sig, 0) + (1 if ev["type"] == "sig.deliver" else -1)
                if owed[sig] > STORM_DELIVERIES and hang is None:
                    hang = (f"signal {sig} was delivered {owed[sig]} times more than it was generated: the same "
                            f"pending signal delivered again and again (its pending bit never cleared?); the boot "
                            f"was stopped")
                    kind = "storm"
                    break
        if hang is None and pos > TRACE_MAX:
            hang = (f"the trace passed {TRACE_MAX >> 20} MB (a lab's boot writes a few): a loop in the kernel that "
                    f"emits events without end; the boot was stopped")
            kind = "flood"
        if hang:
            stop()
            break
        if runner is not None and last_ts - progress_ts > progress * 1e9:
            hang = (f"no trace event from the scenario's processes for {(last_ts - progress_ts) / 1e9:.1f} s of guest "
                    f"time (LAB_PROGRESS={progress:g}): it hung; the boot was stopped")
            kind = "progress"
            stop()
            break
    rc = proc.wait()
    t.join(2)
    shutil.rmtree(qdir, ignore_errors=True)
    output = "".join(out)
    panic = None
    i = output.find("kernel panic: ")
    if i >= 0:
        panic = output[i + len("kernel panic: "):].split("\n", 1)[0].strip()
        m = re.search(r"\bpc (0x[0-9a-f]+)", panic)
        if m and elf:
            fn, loc = labdiag.symbolize(elf, [int(m.group(1), 16)])[0]
            if fn != "??":
                panic += f", in {fn} ({loc})"
        if hang is None:
            kind = "panic"
            hang = f"the kernel panicked: {panic} (its log: {labdiag.shown_path(klog)})"
    if hang is None and rc == 124:
        kind = "wall"
        hang = f"the boot took longer than {wall} s of wall-clock time (LAB_WALL); it was stopped"
    header, events = read_events(trace)
    return {"events": events, "output": output, "rc": rc, "hang": hang, "hang_kind": kind, "panic": panic,
            "busy": busy, "header": header, "trace": trace, "klog": klog, "args": args, "kargs": kargs,
            "wall_s": time.monotonic() - t_start}


def started(boot_result):
    """The scenarios a boot started, in order: from the trace's lab.begin marks, and from the console's
    "@@lab begin NAME" lines (written before the mark, synchronously: they survive a trace that never reached the
    host)."""
    names = [e["text"].split()[1] for e in boot_result["events"]
             if e.get("type") == "trace.mark" and e.get("text", "").startswith("lab.begin ")]
    for line in boot_result["output"].splitlines():
        if line.startswith("@@lab begin ") and line.split()[2] not in names:
            names.append(line.split()[2])
    return names


def run_lab(lab_scens, kernel, outdir, seed=0, icount=True, progress=5.0, wall=120, echo=None, stall=3.0,
            kargs="", elf=None, max_busy=2, split=None):
    """Run scenarios lab_scens ([(name, argv)]) on kernel, booting again for the remaining ones after a scenario
    that stopped its boot. Traces go to outdir/trace.jsonl (trace-2.jsonl, ... for later boots). After max_busy
    boots stopped by a kernel busy loop the rest are not run (each would cost `stall` seconds for the same
    loop). split(boot, names) cuts a boot into Scenario objects. Returns (scenarios by name, boots, skipped)
    where skipped is None or a message for the scenarios left out."""
    os.makedirs(outdir, exist_ok=True)
    todo = list(lab_scens)
    got, boots, n, busy = {}, [], 0, 0
    skipped = None
    while todo:
        n += 1
        trace = os.path.join(outdir, "trace.jsonl" if n == 1 else f"trace-{n}.jsonl")
        klog = os.path.join(outdir, f"kernel{'' if n == 1 else '-' + str(n)}.log")
        b = boot(kernel, init_args(todo, seed), trace, klog, icount, progress, wall, echo, stall, kargs, elf)
        b["scens"] = [s[0] for s in todo]
        boots.append(b)
        scens = split(b, b["scens"])
        for s in scens:
            got[s.name] = s
        done = {s.name for s in scens}
        rest = [s for s in todo if s[0] not in done]
        if len(rest) == len(todo):
            if b["hang"]:  # nothing started: the boot itself broke; every scenario gets that reason
                skipped = f"no scenario started: {b['hang']}"
            break
        busy += b["hang_kind"] == "busy"
        if rest and busy >= max_busy:
            where = b["busy"]["where"] if b.get("busy") and b["busy"].get("where") else "the kernel"
            skipped = (f"not run: the kernel already busy-waited in {busy} scenarios (in {where}); the rest would "
                       f"most likely do the same, at {stall:g} s each: fix that first")
            break
        todo = rest
    return got, boots, skipped
