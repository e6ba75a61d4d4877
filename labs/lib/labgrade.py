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
A scenario named in lab.conf's `hangs:` is meant to hang (a deadlock): when the hang detector stops it, its
checks still run, on what happened before (s.hang says why it was stopped), and that boot need not halt. A
scenario that hangs or crashes when it should not keeps the credit of the checks that pass on what it did before.

Besides the checks of checks.py, grade_lab() adds, from lab.conf:
  - `conformance: NAME...`: the conformance programs tests/conformance/NAME.c, run as scenarios of the same boot;
    each is a check (1 point) that its output and exit status are Linux's (tests/conformance/NAME.expected);
  - for a lab with an implementation track (`impl:`), the host unit tests of that file (make test-core), one
    check (1 point) per test, run against the file graded;
  - `explore: SCEN...`: those scenarios run again under each preemption seed of `seeds:` (default 1 2 3): the
    kernel option preempt=SEED (kernel/preempt.h) yields the CPU at seeded points of the IPC locks, so other
    interleavings happen, each reproducible; their checks must hold under every seed, and a failure names the
    seed and the command that replays that interleaving.
Booting and watching are in labboot.py, the diagnosis of hangs and busy loops in labdiag.py.
"""
import difflib
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import labboot  # noqa: E402
import labdiag  # noqa: E402
from labboot import boot, init_args, read_events  # noqa: E402,F401  (the API scripts and tests use)

ROOT = labboot.ROOT
DEFAULT_SEEDS = [1, 2, 3]

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

    def __init__(self, scenario, points, title, fn, name=None):
        self.scenario, self.points, self.title, self.fn = scenario, points, title, fn
        self.name = name or fn.__name__


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

    def __init__(self, name, events, output, status, trace_path, runner_pid=None, note=None, hang=None, boot=None):
        self.name, self.events, self.output, self.status = name, events, output, status
        self.trace_path, self.runner_pid, self.note = trace_path, runner_pid, note
        self.hang = hang  # the hang detector's message when it stopped the boot in this scenario, else None
        self.boot = boot  # the boot (labboot.boot's dict) that ran it
        self._diagnosis = None

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
            got = "did not end (it was stopped)" if self.status is None else f"ended with {self.status}"
            raise CheckFailed(f"expected the scenario's program to end with status {status}, it {got}",
                              near=self.events[-1] if self.events else None)

    def context(self, near, before=4, after=4):
        """Lines showing the events around `near` (an event or seq; None: the scenario's last events, without
        the runner's and the idle kernel's: after a hang they would be its ticks)."""
        evs = self.events
        if near is None and self.status is None:
            evs = [e for e in evs if e.get("pid") not in (0, self.runner_pid)] or evs
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

    def diagnosis(self):
        """Lines saying why the scenario did not finish, beyond the note: who sleeps on what after a hang
        (labdiag.describe_hang), where the kernel looped after a busy wait; [] otherwise."""
        if self._diagnosis is None:
            b = self.boot or {}
            kind = b.get("hang_kind") if self.status is None else None
            lines = []
            if kind == "progress":
                lines = labdiag.describe_hang(self, self.runner_pid)
            elif kind == "busy" and b.get("busy"):
                lines = ["where the kernel was looping (innermost first):"]
                lines += [f"  {fn} ({loc})" for fn, loc in b["busy"]["frames"][:8]]
            self._diagnosis = lines
        return self._diagnosis


class Run:
    """The whole run, for checks of scenario None: every event of every boot, and the halt events."""

    require = Scenario.require

    def __init__(self, scenarios, boots):
        self.scenarios, self.boots = scenarios, boots
        self.events = [e for b in boots for e in b["events"]]

    def halts(self):
        """The kernel.halt events, one per boot that finished."""
        return [e for e in self.events if e.get("type") == "kernel.halt"]

    def expect_clean_halts(self, also=()):
        """Fail unless every boot ended with kernel.halt reporting no leaked pipes, pages or objects, nor any of the
        halt's counts named in also ("futex_waiters", "leaked_mqueues", ...: traces/FORMAT.md); a boot stopped in a
        scenario of lab.conf's `hangs:` need not halt."""
        halts = self.halts()
        want = sum(not b.get("expected_hang") for b in self.boots)
        why = next((b["hang"] for b in self.boots if b.get("hang") and not b.get("expected_hang")), None)
        self.require(len(halts) >= want, f"expected every boot to end with kernel.halt, {len(halts)} of "
                     f"{want} did" + (f" ({why})" if why else " (a crash or hang)"))
        for h in halts:
            leaks = {k: h[k] for k in ("leaked_pipes", "leaked_pages", "leaked_objects") + tuple(also) if h.get(k)}
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


def explored(lab):
    """The scenarios lab.conf's `explore:` names: graded under every preemption seed too."""
    return lab_conf(lab).get("explore", "").split()


def seeds_of(lab):
    """The preemption seeds lab.conf's `seeds:` lists (default 1 2 3)."""
    s = lab_conf(lab).get("seeds")
    return [int(x) for x in s.split()] if s else list(DEFAULT_SEEDS)


def conformance_of(lab):
    """The conformance programs lab.conf's `conformance:` names."""
    return lab_conf(lab).get("conformance", "").split()


def scenarios(lab):
    """labs/LAB/scenarios as a list of (name, [program, args...]), program made a path in the initramfs. The
    environment's LAB_SCENARIOS, when set, names a file read instead (the same format): how tests/labs grades a
    lab's checks on a deliberately buggy variant of its programs (tests/labs/buggy-programs)."""
    out = []
    for line in open(os.environ.get("LAB_SCENARIOS") or os.path.join(lab_dir(lab), "scenarios"), encoding="utf-8"):
        words = line.split("#", 1)[0].split()
        if len(words) >= 2:
            prog = words[1] if words[1].startswith("/") else f"/labs/{lab}/{words[1]}"
            out.append((words[0], [prog] + words[2:]))
    return out


def load_checks(lab):
    """Import labs/LAB/checks.py (fresh registry) and return its checks in definition order."""
    CHECKS.clear()
    path = os.path.join(lab_dir(lab), "checks.py")
    code = compile(open(path, encoding="utf-8").read(), path, "exec")
    exec(code, {"__name__": f"labs.{lab}.checks", "__file__": path})
    return list(CHECKS)


# --------------------------------------------------------------------------------------------------- running --

def split(boot_result, names):
    """Cut one boot's events and output into Scenario objects for the scenarios it started (names, in order)."""
    evs, out = boot_result["events"], boot_result["output"]
    result = []
    begins = {e["text"].split()[1]: i for i, e in enumerate(evs)
              if e.get("type") == "trace.mark" and e.get("text", "").startswith("lab.begin ")}
    for name in labboot.started(boot_result):
        bi = begins.get(name)
        status, note, hang, part, runner = None, None, None, [], None
        if bi is not None:
            runner = evs[bi]["pid"]
            end = next((j for j in range(bi + 1, len(evs)) if evs[j].get("type") == "trace.mark"
                        and evs[j].get("pid") == runner and evs[j].get("text", "").startswith(f"lab.end {name} ")), None)
            if end is not None:
                status = int(evs[end]["text"].split()[-1])
                part = evs[bi:end + 1]
            else:
                part = evs[bi:]
        if status is None:
            note = boot_result["hang"] or (f"the boot ended during this scenario (QEMU status {boot_result['rc']}): "
                                           "a crash? see the kernel log")
            if bi is None:
                note += " (none of its trace events reached the host)"
            if boot_result.get("hang_kind") == "progress":
                hang = boot_result["hang"]
        if any(e.get("type") == "trace.mark" and e.get("text", "").startswith("lab.timeout ") for e in part):
            note = "the runner killed it after its guest-time limit"
        o_start = out.find(f"@@lab begin {name}\n")
        o_end = out.find(f"@@lab end {name} ", o_start)
        text = out[o_start + len(f"@@lab begin {name}\n"):o_end if o_end >= 0 else len(out)] if o_start >= 0 else ""
        result.append(Scenario(name, part, text, status, boot_result["trace"], runner, note, hang, boot_result))
    return result


def run_lab(lab, kernel, outdir, seed=0, icount=True, progress=5.0, wall=120, only=None, echo=None, stall=3.0,
            kargs="", elf=None, extra=()):
    """Run the lab's scenarios (only: a subset of names; extra: more (name, argv) after them, the conformance
    programs) on kernel, booting again for the remaining ones after a hang. Traces go to outdir/trace.jsonl
    (trace-2.jsonl, ... for later boots). Returns (scenarios by name, boots, skipped: None or why the rest did not
    run)."""
    todo = [s for s in scenarios(lab) if only is None or s[0] in only] + list(extra)
    got, boots, skipped = labboot.run_lab(todo, kernel, outdir, seed, icount, progress, wall, echo, stall, kargs,
                                          elf, split=split)
    hangs = expected_hangs(lab)
    for s in got.values():
        if s.hang and s.name in hangs:
            s.boot["expected_hang"] = s.name
    return got, boots, skipped


# ------------------------------------------------------------------------------- unit tests and conformance --

def unit_test_names(lab):
    """The host unit tests of the lab's implementation file, in their order (tests/unit/test_BASE.c's T(...))."""
    impl = lab_conf(lab).get("impl")
    if not impl:
        return []
    path = os.path.join(ROOT, "tests", "unit", f"test_{os.path.splitext(os.path.basename(impl))[0]}.c")
    if not os.path.exists(path):
        return []
    return re.findall(r"^\s*T\((test_\w+)\)", open(path, encoding="utf-8").read(), re.M)


def run_unit(lab, impl=None):
    """Run the lab's host unit tests (make test-core) against impl (None: the reference file). Returns
    {test name: (passed, message)} for every test of unit_test_names(lab); a test the program never reached
    (it stopped, or did not build) fails with that reason."""
    names = unit_test_names(lab)
    if not names:
        return {}
    cmd = ["make", "-s", "--no-print-directory", "test-core", f"LAB={lab}"] + ([f"IMPL={impl}"] if impl else [])
    r = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                       env=dict(os.environ, ASAN_OPTIONS="detect_leaks=1"))
    res, cur, msgs = {}, None, []
    for line in r.stdout.splitlines():
        m = re.match(r"^\[ RUN\s+\] (\w+)", line)
        if m:
            cur, msgs = m.group(1), []
            continue
        if cur is None:
            continue
        if re.match(r"^\[\s+OK\s+\] ", line):
            res[cur] = (True, "")
            cur = None
        elif re.match(r"^\[\s+FAILED\s+\] ", line) or re.match(r"^\[\s+ERROR\s+\] ", line):
            if cur not in res:
                res[cur] = (False, "\n".join(msgs) or line)
            if "FAILED" in line:
                cur = None
        elif line.startswith("ERROR: "):
            msgs.append(line[len("ERROR: "):])
        elif line.strip() and not line.startswith("["):
            msgs.append(line.strip())
    tail = "\n".join(r.stdout.splitlines()[-6:])
    for n in names:
        if n not in res:
            if cur == n:
                why = f"the test program stopped during this test:\n{tail}"
            elif not res:
                why = f"the unit test program did not run (it did not build?):\n{tail}"
            else:
                why = "not reached: the test program stopped at an earlier test"
            res[n] = (False, why)
    return res


def conformance_result(name, s):
    """(passed, message) for conformance program name on its Scenario s: its output and exit status against
    tests/conformance/NAME.expected (Linux's, made by scripts/conformance --update)."""
    exp_path = os.path.join(ROOT, "tests", "conformance", f"{name}.expected")
    expected = open(exp_path, encoding="utf-8").read()
    got = s.output + (f"[exit {s.status}]\n" if s.status is not None else "[no end marker: hung, or the kernel died]\n")
    if got == expected:
        return True, ""
    diff = list(difflib.unified_diff(expected.splitlines(), got.splitlines(), "Linux", "this kernel", lineterm="", n=1))
    shown = "\n".join("  " + l for l in diff[2:22])
    return False, (f"tests/conformance/{name}.c printed something else than on Linux (- Linux, + this kernel; "
                   f"`ok:` lines are checks that held, `FAIL:` lines checks that did not):\n{shown}")


# ------------------------------------------------------------------------------------------------- grading --

def _evaluate(c, s, hangs):
    """Run check c on scenario s. Returns (status, message, near)."""
    enosys = s.all("syscall.enosys")
    if enosys:
        names = sorted({e.get("name", "?") for e in enosys})
        return "skip", (f"skipped: the kernel does not implement {', '.join(names)} yet "
                        f"(syscall.enosys in this scenario)"), None
    stopped = s.note and not (c.scenario in hangs and s.hang)
    if stopped and not s.events:
        return "fail", s.note, None  # nothing to check: the reason is all there is to say
    try:
        c.fn(s)
    except CheckFailed as e:
        msg = e.message
        if stopped:
            msg = f"{s.note}\n{msg}" if s.status is None else msg
        return "fail", msg, e.near
    except Exception as e:  # a bug in the check or an unexpected event shape: say so, count it failed
        return "fail", f"the check itself raised {type(e).__name__}: {e}" + (f" ({s.note})" if stopped else ""), None
    if stopped:
        return "pass", "passed on what the scenario did before it was stopped", None
    return "pass", "", None


def _result(c, s):
    """A result dict for check c (scenario s or None), not yet run."""
    return {"check": c.name, "title": c.title, "scenario": c.scenario, "max": c.points, "points": 0,
            "status": "fail", "message": "", "context": [], "seq": None, "trace": None, "kind": "scenario",
            "seed": None, "replay": None}


def replay_command(lab, impl, s, seed):
    """The command that runs scenario s's boot again, the same interleaving (preemption seed `seed`), live in the
    tracer: scripts/lab with the grader's runner options and the same scenarios in the same order."""
    names = s.boot.get("scens", [s.name]) if s.boot else [s.name]
    impl_opt = f" --impl {impl}" if impl and impl != "ref" else ""
    return f"scripts/lab{impl_opt} --preempt {seed} {lab} {' '.join(names)}"


def grade_lab(lab, kernel, outdir, impl=None, seed=0, icount=True, progress=5.0, wall=120, stall=3.0, echo=None,
              only=None, seeds=None, elf=None, unit=True):
    """Grade lab on kernel: its scenarios and conformance programs in one boot (more after a hang), the explored
    scenarios again under each preemption seed (seeds: None = lab.conf's; [] = none), the host unit tests of
    impl (the student's file; None: the reference). Traces under outdir (outdir/preempt-N/ for seed N).
    Returns (results, boots, info): results are dicts (check, title, scenario, kind "scenario" | "conformance" |
    "unit", status, points, max, message, context, seq, trace, seed, replay, output); info has the skipped
    message and the seeds run."""
    checks = load_checks(lab)
    conf_names = [] if only else conformance_of(lab)
    extra = [(f"conf-{n}", [f"/tests/{n}"]) for n in conf_names]
    scens, boots, skipped = run_lab(lab, kernel, outdir, seed, icount, progress, wall, only, echo, stall, "", elf, extra)
    # Explore what finished: a scenario that already hung or crashed fails its checks; under other interleavings
    # it would only hang again, a boot and a reboot per seed.
    explore = [n for n in explored(lab) if (only is None or n in only) and scens.get(n) and scens[n].status is not None]
    seeds = seeds_of(lab) if seeds is None else seeds
    # A kernel that busy-waits would only busy-wait again under every seed: explore only a kernel that worked.
    if any(b["hang_kind"] == "busy" for b in boots):
        seeds = []
    seeded = []
    for sd in seeds if explore else []:
        got, sboots, _ = run_lab(lab, kernel, os.path.join(outdir, f"preempt-{sd}"), seed, icount, progress, wall,
                                 set(explore), echo, stall, f"preempt={sd}", elf)
        seeded.append((sd, got))
    if only:
        checks = [c for c in checks if c.scenario in only]
    hangs = expected_hangs(lab)
    results = []
    run = Run(scens, boots)
    for c in checks:
        r = _result(c, None)
        s = run if c.scenario is None else scens.get(c.scenario)
        if s is None:
            r["message"] = (f"scenario {c.scenario} did not run" + (f": {skipped}" if skipped else
                            " (an earlier scenario stopped the boot)"))
            results.append(r)
            continue
        if c.scenario is None:
            try:
                c.fn(run)
                r["status"], r["points"] = "pass", c.points
            except CheckFailed as e:
                r["message"] = e.message
            except Exception as e:
                r["message"] = f"the check itself raised {type(e).__name__}: {e}"
            results.append(r)
            continue
        status, msg, near = _evaluate(c, s, hangs)
        where, seed_of = s, None
        if status == "pass" and c.scenario in explore:
            for sd, got in seeded:
                ss = got.get(c.scenario)
                if ss is None:
                    continue
                st2, msg2, near2 = _evaluate(c, ss, hangs)
                if st2 == "fail":
                    status, msg, near, where, seed_of = st2, msg2, near2, ss, sd
                    break
        r["status"], r["message"] = status, msg
        r["points"] = c.points if status == "pass" else 0
        r["trace"] = labdiag.shown_path(where.trace_path)
        if seed_of is not None:
            r["seed"] = seed_of
            r["replay"] = replay_command(lab, impl, where, seed_of)
            r["message"] = (f"under preemption seed {seed_of} (another interleaving of the same programs, which the "
                            f"kernel option preempt={seed_of} makes; the reference kernel passes every seed):\n"
                            f"{msg}")
        if status == "fail":
            diag = where.diagnosis()
            if diag:
                r["message"] += "\n" + "\n".join(diag)
            r["output"] = where.output.splitlines()[-4:]
            r["context"] = where.context(near)
            near = near if near is not None else (where.events[-1] if where.events else None)
            r["seq"] = near["seq"] if isinstance(near, dict) else near
        results.append(r)
    for n in conf_names:
        s = scens.get(f"conf-{n}")
        r = {"check": f"conformance_{n}", "title": f"tests/conformance/{n}.c behaves as on Linux", "scenario": None,
             "kind": "conformance", "max": 1, "points": 0, "status": "fail", "message": "", "context": [],
             "seq": None, "trace": None, "seed": None, "replay": None}
        if s is None:
            r["message"] = f"it did not run" + (f": {skipped}" if skipped else "")
        else:
            ok, msg = conformance_result(n, s)
            if s.status is None:
                msg = f"{s.note}\n{msg}"
                diag = s.diagnosis()
                if diag:
                    msg += "\n" + "\n".join(diag)
            r["status"], r["points"], r["message"] = ("pass", 1, "") if ok else ("fail", 0, msg)
            r["trace"] = labdiag.shown_path(s.trace_path)
        results.append(r)
    if unit and not only:
        for name, (ok, msg) in run_unit(lab, impl).items():
            results.append({"check": name, "title": f"host unit test {name} (make test-core LAB={lab} IMPL=student "
                            "runs them all on your file)", "scenario": None, "kind": "unit", "max": 1,
                            "points": 1 if ok else 0, "status": "pass" if ok else "fail", "message": msg,
                            "context": [], "seq": None, "trace": None, "seed": None, "replay": None})
    allboots = boots + [b for _, got in seeded for b in {id(s.boot): s.boot for s in got.values()}.values()]
    return results, boots, {"skipped": skipped, "seeds": [sd for sd, _ in seeded], "explored": explore,
                            "all_boots": allboots}


def grade(lab, checks, scens, boots):
    """The checks of checks.py on scenarios already run (scens by name, boots): result dicts, as grade_lab's.
    (Kept for callers that run the scenarios themselves.)"""
    results, hangs, run = [], expected_hangs(lab), Run(scens, boots)
    for c in checks:
        r = _result(c, None)
        s = run if c.scenario is None else scens.get(c.scenario)
        if s is None:
            r["message"] = f"scenario {c.scenario} did not run (an earlier scenario stopped the boot)"
        elif c.scenario is None:
            try:
                c.fn(run)
                r["status"], r["points"] = "pass", c.points
            except CheckFailed as e:
                r["message"] = e.message
        else:
            status, msg, near = _evaluate(c, s, hangs)
            r["status"], r["message"], r["points"] = status, msg, c.points if status == "pass" else 0
            r["trace"] = labdiag.shown_path(s.trace_path)
            if status == "fail":
                r["output"] = s.output.splitlines()[-4:]
                r["context"] = s.context(near)
        results.append(r)
    return results


def report(lab, impl, kernel, results, out=sys.stdout):
    """Print the results: one line per check, failures with what was expected and the events around; a total."""
    p = lambda *a: print(*a, file=out)
    kinds = [("scenario", None), ("conformance", "conformance programs (tests/conformance/, against Linux's output)"),
             ("unit", "host unit tests of the implementation file (make test-core)")]
    for kind, heading in kinds:
        rs = [r for r in results if r.get("kind", "scenario") == kind]
        if not rs:
            continue
        if heading:
            p(f"  -- {heading}")
        for r in rs:
            tag = {"pass": "PASS", "fail": "FAIL", "skip": "SKIP"}[r["status"]]
            where = r["scenario"] or ("run" if kind == "scenario" else kind)
            p(f"  {tag} {r['points']:>2}/{r['max']:<2} {where}: {r['title']}")
            if r["status"] != "pass" or (r["message"] and kind == "scenario"):
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
            if r["status"] == "fail" and r["trace"] and kind == "scenario":
                at = f" --at {r['seq']}" if r["seq"] is not None else ""
                p(f"        replay: build/ipctrace {r['trace']}   (one frame: build/ipctrace --png f.png{at} {r['trace']})")
                if r.get("replay"):
                    p(f"        run that interleaving again, live in the tracer: {r['replay']}")
    got = sum(r["points"] for r in results)
    total = sum(r["max"] for r in results if r["status"] != "skip")
    npass = sum(r["status"] == "pass" for r in results)
    nskip = sum(r["status"] == "skip" for r in results)
    nfail = sum(r["status"] == "fail" for r in results)
    p(f"total: {got}/{total} points; {npass} passed, {nfail} failed, {nskip} skipped ({lab}, {impl})")
    return got, total, nfail, nskip
