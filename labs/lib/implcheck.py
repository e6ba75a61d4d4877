#!/usr/bin/env python3
"""labs/lib/implcheck.py: a lab file may not write grading evidence (docs/LABS.md, "What the grader trusts").

usage: implcheck.py IMPL.c IMPL.o REF.c REF.o TRACE_OBJ...

The graders trust trace events because the kernel's own mechanisms write them (the scheduler's sleep and wake-up,
the system calls when they return), never a file a student writes. mk/labs.mk runs this after compiling a
student's file (IMPL.c into IMPL.o) in place of the reference REF.c (REF.o): the student's object may use a
symbol of the trace machinery (every global symbol TRACE_OBJ... define: kernel/trace.c, kernel/trace_events.c,
kernel/virtio_console.c, kernel/lib/jsonw.c) only where the reference file itself does (pipe_close's
trace_pipe_close, a wait queue's wait channel), and its text may name them no more often than the reference's.
Exit 1, saying which names and why, when it does; the build then fails and the submission gets no credit.
In the student release REF.c is a stub: the reference's counts come from prebuilt/REF.c.words (scripts/make-handout
writes them), when that file exists.
"""
import json
import collections
import os
import re
import subprocess
import sys

NM = "aarch64-linux-gnu-nm"


def defined(objs):
    """Global symbols defined by objs."""
    out = set()
    for o in objs:
        r = subprocess.run([NM, "-g", "--defined-only", o], stdout=subprocess.PIPE, text=True, check=True)
        out |= {line.split()[-1] for line in r.stdout.splitlines() if line.strip()}
    return out


def undefined(obj):
    """Symbols obj uses but does not define."""
    r = subprocess.run([NM, "-u", obj], stdout=subprocess.PIPE, text=True, check=True)
    return {line.split()[-1] for line in r.stdout.splitlines() if line.strip()}


def code_words(path):
    """Identifier counts of a C file's text outside comments and string literals (including words a macro could
    paste together: every maximal identifier, and every trace_ fragment)."""
    text = open(path, encoding="utf-8", errors="replace").read()
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    text = re.sub(r"//[^\n]*", " ", text)
    text = re.sub(r'"(\\.|[^"\\\n])*"', '""', text)
    words = collections.Counter(re.findall(r"[A-Za-z_]\w*", text))
    words["trace_ (any use)"] = len(re.findall(r"trace_", text))
    return words


def main():
    if len(sys.argv) < 6:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    impl_c, impl_o, ref_c, ref_o, trace_objs = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
    machinery = defined(trace_objs)
    used = undefined(impl_o) & machinery
    allowed = undefined(ref_o) & machinery
    problems = [f"it calls or uses {name}, which the reference {ref_c} does not" for name in sorted(used - allowed)]
    words = os.path.join("prebuilt", ref_c + ".words")
    mine = code_words(impl_c)
    ref = json.load(open(words)) if os.path.exists(words) else code_words(ref_c)
    for name in sorted(n for n in mine if n in machinery or n.startswith(("trace_", "__trace_")) or n == "trace_ (any use)"):
        if mine[name] > ref.get(name, 0):
            problems.append(f"it names {name} {mine[name]} time(s), the reference {ref.get(name, 0)}")
    if problems:
        print(f"{impl_c}: refused: a lab file may not write to the kernel's trace, which is the graders' evidence "
              f"(docs/LABS.md, \"What the grader trusts\"): the kernel's own sleep, wake-up and system calls trace "
              f"what your functions do, so no call is needed. Remove it:", file=sys.stderr)
        for p in problems:
            print(f"  - {p}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
