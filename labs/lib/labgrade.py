"""labs/lib/labgrade.py: the lab grader library (docs/LABS.md).

A lab's checks live in labs/NAME/checks.py, each a short function decorated with @check:

    from labgrade import check

    @check("echo", 2, "the child blocked reading the empty pipe before the parent wrote")
    def echo_blocks(s):
        blk = s.expect("pipe.block", "the child sleeping in read on the empty pipe", op="read")
        s.expect("pipe.write", "then the parent's write of 5 bytes", after=blk, n=5)

`s` is the Scenario: the trace events between the runner's marks "lab.begin NAME" and "lab.end NAME", the
console output in between and the exit status. s.expect() returns the first matching event or fails the check
with what was expected and the events around the place it looked. A check whose scenario made a system call the
kernel lacks (syscall.enosys) is skipped, not failed. A check for scenario None gets the whole Run (kernel.halt).
A scenario named in lab.conf's `hangs:` is meant to hang (a deadlock): when the progress detector stops it, its
checks still run, on what happened before (s.hang says why it was stopped), and that boot need not halt.

run_lab() boots the kernel once for all scenarios (again for the rest after a hang), under QEMU -icount, and
watches the trace while it grows: when no process but the runner emits an event for `progress` seconds of guest
time (the trace's ts; the runner's lab.tick marks show guest time passing), the scenario has hung and the boot is
stopped.
"""
import json
import os
import signal
import subprocess
import sys
import threading
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))

# ---------------------------------------------------------------------------------------------------- checks --

CHECKS = []


class CheckFailed(Exception):
    """A check's failure: what was expected, and the event (or seq) near which it was looked for."""

    def __init__(self, message, near=None):
        super().__init__(message)
        self.message = message
        self.near = near


class Check:
    """One registered check: scenario name (None: the whole run), points, title, function."""

    def __init__(self, scenario, points, title, fn):
        self.scenario, self.points, self.title, self.fn = scenario, points, title, fn


def check(scenario, points, title):
    """Decorator: register fn(s) as a check of `scenario` worth `points`, described by `title`."""

    def reg(fn):
        CHECKS.append(Check(scenario, points, title, fn))
        return fn

    return reg


def _match(ev, type_, fields):
    """True when ev has type type_ (None: any) and every field matches (a value, or a predicate on it)."""
    if type_ is not None and ev.get("type") != type_:
        return False
    for k, want in fields.items():
        if k not in ev:
            return False
        got = ev[k]
        if callable(want):
            try:
                if not want(got):
                    return False
            except (TypeError, ValueError):
                return False
        elif got != want:
            return False
    return True


def fmt_event(ev):
    """One event as a short line: #seq pid type key=value... (ts, cpu and the pipe's id left out)."""
    skip = {"seq", "ts", "cpu", "pid", "type"}
    rest = " ".join(f"{k}={json.dumps(v) if isinstance(v, str) else v}" for k, v in ev.items() if k not in skip)
    return f"#{ev.get('seq', '?'):<5} pid {ev.get('pid', '?'):<3} {ev.get('type', '?'):<14} {rest}"[:200]


def mask_has(sigset, sig):
    """True when the hex sigset string of the trace ("0x...") has signal number sig."""
    try:
        return bool(int(sigset, 16) >> (sig - 1) & 1)
    except (TypeError, ValueError):
        return False


class Scenario:
    """One scenario of a lab run: name, events (its part of the trace), output (its console lines), status."""

    def __init__(self, name, events, output, status, trace_path, runner_pid=None, note=None, hang=None):
        self.name, self.events, self.output, self.status = name, events, output, status
        self.trace_path, self.runner_pid, self.note = trace_path, runner_pid, note
        self.hang = hang  # the progress detector's message when it stopped the boot in this scenario, else None

    def _range(self, after, before):
        lo = -1 if after is None else (after["seq"] if isinstance(after, dict) else after)
        hi = float("inf") if before is None else (before["seq"] if isinstance(before, dict) else before)
        return [e for e in self.events if lo < e.get("seq", -1) < hi]

    def all(self, type_=None, after=None, before=None, **fields):
        """Every event of type type_ (None: any) matching fields, strictly between after and before (events or seqs)."""
        return [e for e in self._range(after, before) if _match(e, type_, fields)]

    def find(self, type_=None, after=None, before=None, **fields):
        """The first such event, or None."""
        r = self.all(type_, after, before, **fields)
        return r[0] if r else None

    def expect(self, type_, what, after=None, before=None, **fields):
        """The first such event; fail the check saying `what` was expected when there is none."""
        ev = self.find(type_, after, before, **fields)
        if ev is None:
            want = " ".join([type_ or "an event"] + [f"{k}={'<condition>' if callable(v) else v}" for k, v in fields.items()])
            where = f" after #{after['seq'] if isinstance(after, dict) else after}" if after is not None else ""
            raise CheckFailed(f"expected {what}: {want}{where}", near=after)
        return ev

    def expect_none(self, type_, what, after=None, before=None, **fields):
        """Fail the check (saying `what` should not happen) when such an event exists."""
        ev = self.find(type_, after, before, **fields)
        if ev is not None:
            raise CheckFailed(f"expected no {what}, but #{ev['seq']} is one", near=ev)

    def require(self, cond, message, near=None):
        """Fail the check with message unless cond holds."""
        if not cond:
            raise CheckFailed(message, near=near)

    def prog_pids(self, prog):
        """Pids that exec'd a program whose basename is prog, in exec order."""
        return [e["pid"] for e in self.all("proc.exec") if e.get("name") == prog or os.path.basename(e.get("path", "")) == prog]

    def pid(self, prog):
        """The pid of the scenario's program prog (its main process: the first to exec it)."""
        p = self.prog_pids(prog)
        if not p:
            raise CheckFailed(f"expected the program {prog} to start (proc.exec of it)")
        return p[0]

    def children(self, pid):
        """Pids pid forked, in order."""
        return [e["child"] for e in self.all("proc.fork", pid=pid)]

    def exit_of(self, pid):
        """The proc.exit event of pid, or None."""
        return self.find("proc.exit", pid=pid)

    def expect_output(self, text):
        """Fail unless text occurs in the scenario's console output."""
        if text not in self.output:
            shown = "\n".join("          | " + l for l in self.output.splitlines()[-8:]) or "          | (nothing)"
            raise CheckFailed(f"expected the output to contain {text!r}; it was:\n{shown}")

    def expect_status(self, status):
        """Fail unless the scenario's program ended with this status (exit code, or 128 + signal)."""
        if self.status != status:
            raise CheckFailed(f"expected the scenario's program to end with status {status}, it ended with {self.status}",
                              near=self.events[-1] if self.events else None)

    def context(self, near, before=4, after=4):
        """Lines showing the events around `near` (an event or seq; None: the scenario's last events)."""
        evs = self.events
        if not evs:
            return ["(the scenario produced no trace events)"]
        if near is None:
            idx = len(evs) - 1
            lo, hi = max(0, idx - before - after), idx + 1
        else:
            seq = near["seq"] if isinstance(near, dict) else near
            idx = next((i for i, e in enumerate(evs) if e.get("seq", -1) >= seq), len(evs) - 1)
            lo, hi = max(0, idx - before), min(len(evs), idx + after + 1)
        return [fmt_event(e) for e in evs[lo:hi]]


class Run:
    """The whole run, for checks of scenario None: every event of every boot, and the halt events."""

    require = Scenario.require

    def __init__(self, scenarios, boots):
        self.scenarios, self.boots = scenarios, boots
        self.events = [e for b in boots for e in b["events"]]

    def halts(self):
        """The kernel.halt events, one per boot that finished."""
        return [e for e in self.events if e.get("type") == "kernel.halt"]

    def expect_clean_halts(self):
        """Fail unless every boot ended with kernel.halt reporting no leaked pipes, pages or objects (a boot stopped
        in a scenario of lab.conf's `hangs:` need not halt)."""
        halts = self.halts()
        want = sum(not b.get("expected_hang") for b in self.boots)
        self.require(len(halts) >= want, f"expected every boot to end with kernel.halt, {len(halts)} of "
                     f"{want} did (a crash or hang)")
        for h in halts:
            leaks = {k: h[k] for k in ("leaked_pipes", "leaked_pages", "leaked_objects") if h.get(k)}
            self.require(not leaks, f"expected nothing leaked at halt, kernel.halt says {leaks}")


# ------------------------------------------------------------------------------------------------ lab files --

def lab_dir(lab):
    """labs/LAB as an absolute path."""
    return os.path.join(ROOT, "labs", lab)


def lab_conf(lab):
    """labs/LAB/lab.conf as a dict (key: value lines; # comments)."""
    conf = {}
    path = os.path.join(lab_dir(lab), "lab.conf")
    if os.path.exists(path):
        for line in open(path, encoding="utf-8"):
            line = line.strip()
            if line and not line.startswith("#") and ":" in line:
                k, v = line.split(":", 1)
                conf[k.strip()] = v.strip()
    return conf


def expected_hangs(lab):
    """The scenarios lab.conf's `hangs:` names: meant to hang until the progress detector stops them."""
    return set(lab_conf(lab).get("hangs", "").split())


def scenarios(lab):
    """labs/LAB/scenarios as a list of (name, [program, args...]), program made a path in the initramfs."""
    out = []
    for line in open(os.path.join(lab_dir(lab), "scenarios"), encoding="utf-8"):
        words = line.split("#", 1)[0].split()
        if len(words) >= 2:
            prog = words[1] if words[1].startswith("/") else f"/labs/{lab}/{words[1]}"
            out.append((words[0], [prog] + words[2:]))
    return out


def init_args(scens, seed=0, tick=1, limit=60):
    """The /init arguments that run scens through /labs/run."""
    args = ["/labs/run", "--tick", str(tick), "--limit", str(limit)]
    if seed:
        args += ["--seed", str(seed)]
    return args + [f"{name}={','.join(argv)}" for name, argv in scens]


def load_checks(lab):
    """Import labs/LAB/checks.py (fresh registry) and return its checks in definition order."""
    CHECKS.clear()
    sys.path.insert(0, os.path.dirname(__file__))
    path = os.path.join(lab_dir(lab), "checks.py")
    code = compile(open(path, encoding="utf-8").read(), path, "exec")
    exec(code, {"__name__": f"labs.{lab}.checks", "__file__": path})
    return list(CHECKS)


# --------------------------------------------------------------------------------------------------- running --

def read_events(path):
    """(header, events) of a trace file; lines that are not JSON (a cut last line) are left out."""
    header, events = None, []
    if not os.path.exists(path):
        return None, []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            try:
                ev = json.loads(line)
            except ValueError:
                continue
            if ev.get("type") == "trace.header":
                header = ev
            else:
                events.append(ev)
    return header, events


def boot(kernel, args, trace, klog, icount=True, progress=5.0, wall=120, echo=None, stall=10.0):
    """Boot kernel with /init args, trace to `trace`, watching it grow. Returns a dict: events, output (console
    text), rc (QEMU's status), hang (None, or a message when no process but the runner (and the idle kernel) made
    progress for `progress` guest seconds, or when the trace did not grow at all for `stall` wall-clock seconds:
    guest time itself stopped, since the runner marks every guest second), header."""
    cmd = [os.path.join(ROOT, "scripts", "qemu-ipclab"), "--kernel", kernel, "--trace", trace, "--klog", klog,
           "--timeout", str(wall)]
    if icount:
        cmd.append("--icount")
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
    runner, last_ts, progress_ts, hang, kind, pos, buf = None, 0, 0, None, None, 0, b""
    grew = time.monotonic()
    while proc.poll() is None:
        time.sleep(0.05)
        try:
            with open(trace, "rb") as f:
                f.seek(pos)
                chunk = f.read()
        except FileNotFoundError:
            continue
        if chunk:
            grew = time.monotonic()
        elif runner is not None and time.monotonic() - grew > stall:
            hang = (f"the trace did not grow for {stall:g} s of wall-clock time (LAB_STALL), not even the runner's "
                    f"guest-time ticks: the kernel itself is stuck (a lost timer or wake-up?); the boot was stopped")
            kind = "stall"
            os.killpg(proc.pid, signal.SIGKILL)
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
        if runner is not None and last_ts - progress_ts > progress * 1e9:
            hang = (f"no trace event from the scenario's processes for {(last_ts - progress_ts) / 1e9:.1f} s of guest "
                    f"time (LAB_PROGRESS={progress:g}): it hung; the boot was stopped")
            kind = "progress"
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            break
    rc = proc.wait()
    t.join(2)
    header, events = read_events(trace)
    return {"events": events, "output": "".join(out), "rc": rc, "hang": hang, "hang_kind": kind, "header": header,
            "trace": trace}


def split(boot_result, names):
    """Cut one boot's events and output into Scenario objects for the scenarios it started (names, in order)."""
    evs, out = boot_result["events"], boot_result["output"]
    result = []
    begins = [i for i, e in enumerate(evs) if e.get("type") == "trace.mark" and e.get("text", "").startswith("lab.begin ")]
    for bi in begins:
        name = evs[bi]["text"].split()[1]
        runner = evs[bi]["pid"]
        end = next((j for j in range(bi + 1, len(evs)) if evs[j].get("type") == "trace.mark"
                    and evs[j].get("pid") == runner and evs[j].get("text", "").startswith(f"lab.end {name} ")), None)
        status, note, hang = None, None, None
        if end is not None:
            status = int(evs[end]["text"].split()[-1])
            part = evs[bi:end + 1]
        else:
            part = evs[bi:]
            note = boot_result["hang"] or (f"the boot ended during this scenario (QEMU status {boot_result['rc']}): "
                                           "a kernel panic or hang? see the kernel log")
            if boot_result.get("hang_kind") == "progress":
                hang = boot_result["hang"]
        if any(e.get("type") == "trace.mark" and e.get("text", "").startswith("lab.timeout ") for e in part):
            note = "the runner killed it after its guest-time limit"
        o_start = out.find(f"@@lab begin {name}\n")
        o_end = out.find(f"@@lab end {name} ", o_start)
        text = out[o_start + len(f"@@lab begin {name}\n"):o_end if o_end >= 0 else len(out)] if o_start >= 0 else ""
        result.append(Scenario(name, part, text, status, boot_result["trace"], runner, note, hang))
    return result


def run_lab(lab, kernel, outdir, seed=0, icount=True, progress=5.0, wall=120, only=None, echo=None, stall=10.0):
    """Run the lab's scenarios (only: a subset of names) on kernel, rebooting for the remaining ones after a hang.
    Traces go to outdir/trace.jsonl (trace-2.jsonl, ... for later boots). Returns (scenarios by name, boots)."""
    os.makedirs(outdir, exist_ok=True)
    todo = [s for s in scenarios(lab) if only is None or s[0] in only]
    got, boots, n = {}, [], 0
    while todo:
        n += 1
        trace = os.path.join(outdir, "trace.jsonl" if n == 1 else f"trace-{n}.jsonl")
        b = boot(kernel, init_args(todo, seed), trace, os.path.join(outdir, f"kernel{'' if n == 1 else '-' + str(n)}.log"),
                 icount, progress, wall, echo, stall)
        boots.append(b)
        scens = split(b, [s[0] for s in todo])
        for s in scens:
            got[s.name] = s
            if s.hang and s.name in expected_hangs(lab):
                b["expected_hang"] = s.name
        done = {s.name for s in scens}
        # After a hang or crash, the scenario that stopped the boot is done (failed); the rest get a new boot.
        rest = [s for s in todo if s[0] not in done]
        if len(rest) == len(todo):
            break  # nothing started at all: do not loop
        todo = rest
    return got, boots


# ------------------------------------------------------------------------------------------------- grading --

def grade(lab, checks, scens, boots):
    """Run every check; returns a list of result dicts (name, scenario, points, max, status, message, lines)."""
    results = []
    run = Run(scens, boots)
    hangs = expected_hangs(lab)
    for c in checks:
        r = {"check": c.fn.__name__, "title": c.title, "scenario": c.scenario, "max": c.points, "points": 0,
             "status": "fail", "message": "", "context": [], "seq": None, "trace": None}
        s = run if c.scenario is None else scens.get(c.scenario)
        if s is None:
            r["message"] = f"scenario {c.scenario} did not run (an earlier scenario stopped the boot)"
            results.append(r)
            continue
        if c.scenario is not None:
            r["trace"] = os.path.relpath(s.trace_path, ROOT)
            enosys = s.all("syscall.enosys")
            if enosys:
                names = sorted({e.get("name", "?") for e in enosys})
                r["status"], r["points"] = "skip", 0
                r["message"] = (f"skipped: the kernel does not implement {', '.join(names)} yet "
                                f"(syscall.enosys in this scenario)")
                results.append(r)
                continue
        try:
            if c.scenario is not None and s.note and not (c.scenario in hangs and s.hang):
                raise CheckFailed(s.note, near=None)
            c.fn(s)
            r["status"], r["points"] = "pass", c.points
        except CheckFailed as e:
            r["message"] = e.message
            if c.scenario is not None:
                r["output"] = s.output.splitlines()[-4:]
                r["context"] = s.context(e.near)
                near = e.near if e.near is not None else (s.events[-1] if s.events else None)
                r["seq"] = near["seq"] if isinstance(near, dict) else near
        except Exception as e:  # a bug in the check or an unexpected event shape: say so, count it failed
            r["message"] = f"the check itself raised {type(e).__name__}: {e}"
        results.append(r)
    return results


def report(lab, impl, kernel, results, out=sys.stdout):
    """Print the results: one line per check, failures with what was expected and the events around; a total."""
    p = lambda *a: print(*a, file=out)
    for r in results:
        tag = {"pass": "PASS", "fail": "FAIL", "skip": "SKIP"}[r["status"]]
        p(f"  {tag} {r['points']:>2}/{r['max']:<2} {r['scenario'] or 'run'}: {r['title']}")
        if r["status"] != "pass":
            for line in r["message"].splitlines():
                p(f"        {line}")
        if r["status"] == "fail" and r.get("output"):
            p("        the scenario's output ended with:")
            for line in r["output"]:
                p(f"          | {line}")
        if r["status"] == "fail" and r["context"]:
            p("        events around it:")
            for line in r["context"]:
                p(f"          {line}")
            if r["trace"]:
                at = f" --at {r['seq']}" if r["seq"] is not None else ""
                p(f"        replay: build/ipctrace {r['trace']}   (one frame: build/ipctrace --png f.png{at} {r['trace']})")
    got = sum(r["points"] for r in results)
    total = sum(r["max"] for r in results if r["status"] != "skip")
    npass = sum(r["status"] == "pass" for r in results)
    nskip = sum(r["status"] == "skip" for r in results)
    nfail = sum(r["status"] == "fail" for r in results)
    p(f"total: {got}/{total} points; {npass} passed, {nfail} failed, {nskip} skipped ({lab}, {impl})")
    return got, total, nfail, nskip
