# scripts/gdb/ipclab.py: GDB commands that show ipclab's IPC state from the live kernel's data structures
# (docs/GDB.md). Loaded by the gdbinit that scripts/gdb/ipclab-gdb writes (build/gdbinit), or by gdb's auto-load
# of build/kernel.elf-gdb.py.
#
#   ipc ps            every process in proc_table: pid, parent, state, what it sleeps on, signals by name
#   ipc fds [PID]     open file descriptors (all processes, or one)
#   ipc pipes         every pipe reachable from a descriptor (or the selected frame): ring, bytes, ends, waiters
#   ipc sems | msgs | shm   System V objects (when the kernel has them)
#   ipc seq           the trace sequence number and the events still in the kernel's trace buffer
#   ipc sync [PATH|off]     where the stop/continue notices for the tracer go (build/gdb-sync.json)
#   ipc sstep irq|noirq     whether single steps let interrupts and timers in (QEMU's Qqemu.sstep)
#   ipc console [N]   the last N lines of the guest's serial console (make gdb writes it to a file)
#   ipc boot          symbols at physical addresses too, for stepping boot.S before the MMU is on
# plus pretty-printers for struct pipe, struct proc, struct file and the System V objects.
#
# Everything reads memory only: no function of the kernel is called (the kernel may be stopped holding any lock).
# Structures are read through DWARF, so the commands follow the kernel's field names; a field or symbol that is
# missing (a kernel part not written yet) gives a clear message instead of a Python traceback.
import gdb
import json
import os

# The Linux arm64 signal numbers (kernel/signal.h), bit N-1 of a sigset for signal N.
SIGNAMES = {1: "HUP", 2: "INT", 3: "QUIT", 4: "ILL", 5: "TRAP", 6: "ABRT", 7: "BUS", 8: "FPE", 9: "KILL",
            10: "USR1", 11: "SEGV", 12: "USR2", 13: "PIPE", 14: "ALRM", 15: "TERM", 16: "STKFLT", 17: "CHLD",
            18: "CONT", 19: "STOP", 20: "TSTP", 21: "TTIN", 22: "TTOU", 23: "URG", 24: "XCPU", 25: "XFSZ",
            26: "VTALRM", 27: "PROF", 28: "WINCH", 29: "IO", 30: "PWR", 31: "SYS"}
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PAGE = 4096


class IpcError(Exception):
    """A message for the user (missing symbol, unreadable memory), printed without a traceback."""


# ---- reading the kernel ----

def symbol(name, file_suffix=None, required=True):
    """The value of global or file-static variable `name` (static ones from a file ending in file_suffix)."""
    sym = gdb.lookup_global_symbol(name)
    if sym is None or (file_suffix and not sym.symtab.filename.endswith(file_suffix)):
        sym = None
        for s in gdb.lookup_static_symbols(name):
            if s.is_variable and (not file_suffix or s.symtab.filename.endswith(file_suffix)):
                sym = s
                break
    if sym is None:
        if required:
            raise IpcError("no symbol %s%s in this kernel (is build/kernel.elf the kernel QEMU runs?)"
                           % (name, " in " + file_suffix if file_suffix else ""))
        return None
    return sym.value()


def lookup_type(name):
    try:
        return gdb.lookup_type(name)
    except gdb.error:
        return None


def has_field(val_or_type, name):
    t = val_or_type.type if isinstance(val_or_type, gdb.Value) else val_or_type
    t = t.strip_typedefs()
    if t.code == gdb.TYPE_CODE_PTR:
        t = t.target().strip_typedefs()
    return any(f.name == name for f in t.fields())


def field_offset(type_name, field):
    t = gdb.lookup_type(type_name)
    for f in t.fields():
        if f.name == field:
            return f.bitpos // 8
    raise IpcError("%s has no field %s" % (type_name, field))


def addr(v):
    return int(v.cast(gdb.lookup_type("unsigned long")))


def cstr(ptr_or_array, maxlen=64):
    """A C string from a char * or char[], '' for NULL, '<bad address>' when unreadable."""
    try:
        if ptr_or_array.type.strip_typedefs().code == gdb.TYPE_CODE_PTR and addr(ptr_or_array) == 0:
            return ""
        return _read_cstr(ptr_or_array, maxlen)
    except gdb.MemoryError:
        return "<bad address>"


def _read_cstr(v, maxlen):
    t = v.type.strip_typedefs()
    a = addr(v.address) if t.code == gdb.TYPE_CODE_ARRAY else addr(v)
    if t.code == gdb.TYPE_CODE_ARRAY:
        maxlen = min(maxlen, t.sizeof)
    raw = bytes(gdb.selected_inferior().read_memory(a, maxlen))
    return raw.split(b"\0", 1)[0].decode("latin-1")


def read_bytes(a, n):
    return bytes(gdb.selected_inferior().read_memory(a, n))


def list_entries(head, type_name, member):
    """The entries of a struct list_head `head` (a value), as values of `type_name *` (container_of)."""
    off = field_offset(type_name, member)
    ptype = gdb.lookup_type(type_name).pointer()
    head_addr = addr(head.address)
    node = head["next"]
    out = []
    while addr(node) != head_addr and addr(node) != 0 and len(out) < 1024:
        out.append(gdb.Value(addr(node) - off).cast(ptype))
        node = node["next"]
    return out


def wait_queue_pids(wq):
    """The pids of the processes sleeping on a struct wait_queue, in queue order."""
    return [int(p["pid"]) for p in list_entries(wq["head"], "struct proc", "run_link")]


def signame(n):
    return SIGNAMES.get(n, "RT%d" % n)


def sigset_names(mask):
    """Signal names of a sigset: "INT,CHLD", "-" when empty, "all but KILL,STOP,RT32" when mostly full."""
    mask = int(mask) & 0xFFFFFFFFFFFFFFFF
    sigs = [n for n in range(1, 65) if mask & (1 << (n - 1))]
    if not sigs:
        return "-"
    if len(sigs) > 32:
        rest = [signame(n) for n in range(1, 65) if not mask & (1 << (n - 1))]
        return "all but " + ",".join(rest) if rest else "all"
    return ",".join(signame(n) for n in sigs)


def escape(data):
    out = []
    for b in data:
        c = chr(b)
        if c == "\n":
            out.append("\\n")
        elif c == "\t":
            out.append("\\t")
        elif c == '"' or c == "\\":
            out.append("\\" + c)
        elif 32 <= b < 127:
            out.append(c)
        else:
            out.append("\\x%02x" % b)
    return "".join(out)


# ---- processes ----

def proc_table():
    """The struct proc value of every used slot of proc_table (a growing array of proc_slots pointers, each slot
    allocated on its first use: NULL until then; the array itself is NULL before the first process)."""
    tbl = symbol("proc_table", "proc.c")
    out = []
    if not addr(tbl):
        return out
    slots = int(symbol("proc_slots", "proc.c"))
    for i in range(slots):
        if not addr(tbl[i]):
            continue
        p = tbl[i].dereference()
        if str(p["state"]) != "P_UNUSED":
            out.append(p)
    return out


def current_proc():
    """The struct proc running on the CPU (kernel/proc.h's `current`), or None."""
    try:
        p = symbol("cpu_current")[0]
        return p.dereference() if addr(p) else None
    except (IpcError, gdb.error):
        return None


def sigset_value(v):
    """A sigset as an int: a plain 64-bit set, or a struct sigpending (its .signal)."""
    if v.type.strip_typedefs().code == gdb.TYPE_CODE_STRUCT:
        v = v["signal"]
    return int(v)


def proc_signal(p):
    """p's struct signal_struct (what its process's threads share), or None (not set up, or an older kernel)."""
    if not has_field(p, "signal") or not addr(p["signal"]):
        return None
    return p["signal"].dereference()


def proc_stopped(p):
    sig = proc_signal(p)
    if sig is not None:
        return bool(sig["stopped"])
    return has_field(p, "stopped") and bool(p["stopped"])


def proc_pending(p):
    """The signals pending for p: its own and its process's."""
    pend = sigset_value(p["sig_pending_thread"]) if has_field(p, "sig_pending_thread") else 0
    sig = proc_signal(p)
    if sig is not None:
        pend |= sigset_value(sig["shared_pending"])
    elif has_field(p, "sig_pending"):
        pend |= sigset_value(p["sig_pending"])
    return pend


def proc_state(p):
    st = str(p["state"])
    st = st[2:] if st.startswith("P_") else st
    if proc_stopped(p) and st != "ZOMBIE":
        st = "STOPPED"
    if st == "SLEEPING" and has_field(p, "interruptible") and not bool(p["interruptible"]):
        st = "SLEEPING(D)"
    return st


def wchan_name(p):
    """What sleeping p waits on, as the kernel's wchan_format writes it ("pipe 3 read"), '' when it does not
    sleep. p->wchan is a struct wait_chan * (name, op, id function) and p->wchan_id the object's id."""
    if str(p["state"]) != "P_SLEEPING":
        return ""
    w = p["wchan"]
    if w.type.strip_typedefs().code != gdb.TYPE_CODE_PTR:
        return cstr(w)  # an older kernel: a char *
    if addr(w) == 0:
        return ""
    s = cstr(w["name"])
    if addr(w["id"]):
        s += " %d" % int(p["wchan_id"])
    if addr(w["op"]):
        s += " " + cstr(w["op"])
    return s


def proc_summary(p):
    s = "pid %d (%s) %s" % (int(p["pid"]), cstr(p["name"]), proc_state(p))
    if str(p["state"]) == "P_SLEEPING":
        s += " on \"%s\"" % wchan_name(p)
    return s


def files_of(p):
    """(fd, struct file *) of every open descriptor of p."""
    files = p["files"]
    if files.type.strip_typedefs().code == gdb.TYPE_CODE_PTR:  # a struct files_struct *, NULL once exited
        if not addr(files):
            return []
        table = files.dereference()
        if has_field(table, "max_fds"):  # a table that grows: fd is a pointer to max_fds slots
            lo, hi, files = 0, int(table["max_fds"]) - 1, table["fd"]
        else:
            files = table["fd"]
            lo, hi = files.type.strip_typedefs().range()
    else:
        lo, hi = files.type.strip_typedefs().range()
    out = []
    for fd in range(lo, hi + 1):
        f = files[fd]
        if addr(f):
            out.append((fd, f))
    return out


def file_kind(f):
    try:
        ops = f["ops"]
        if not addr(ops):
            return "?"
        k = cstr(ops["kind"]) if has_field(ops, "kind") else ""
        return k or str(ops).split("<")[-1].rstrip(">") or "?"
    except gdb.MemoryError:
        return "<bad file>"


def file_end(f):
    acc = int(f["flags"]) & 3
    return {0: "read", 1: "write", 2: "read/write"}.get(acc, "?")


# ---- pipes ----

def pipe_bytes(pipe, limit=64):
    """(bytes from tail, up to limit, total used) of a struct pipe's ring."""
    ring = pipe["ring"]
    head, tail, npages = int(ring["head"]), int(ring["tail"]), int(ring["npages"])
    used = head - tail
    out = bytearray()
    i = tail
    while i < head and len(out) < limit and npages:
        page = ring["pages"][(i // PAGE) % npages]
        off = i % PAGE
        n = min(head - i, PAGE - off, limit - len(out))
        out += read_bytes(addr(page) + off, n)
        i += n
    return bytes(out), used


def pipe_summary(pipe):
    ring = pipe["ring"]
    head, tail = int(ring["head"]), int(ring["tail"])
    cap = int(ring["npages"]) * PAGE
    return "pipe %d: %d/%d bytes (head %d, tail %d), readers %d, writers %d" % (
        int(pipe["id"]), head - tail, cap, head, tail, int(pipe["readers"]), int(pipe["writers"]))


def is_pipe_file(f):
    return file_kind(f) in ("pipe", "fifo") and addr(f["priv"]) != 0


def find_pipes():
    """{pipe address: (struct pipe value, [(pid, fd, end)])} from every process's descriptors and from the
    selected frame's variables (a pipe being worked on may be in no descriptor table any more)."""
    ptype = lookup_type("struct pipe")
    if ptype is None:
        raise IpcError("no struct pipe in this kernel's debug information")
    pipes = {}
    for p in proc_table():
        for fd, f in files_of(p):
            try:
                if not is_pipe_file(f):
                    continue
                pp = f["priv"].cast(ptype.pointer())
                a = addr(pp)
                pipes.setdefault(a, (pp.dereference(), []))[1].append((int(p["pid"]), fd, file_end(f)))
            except gdb.MemoryError:
                continue
    try:
        frame = gdb.selected_frame()
        block = frame.block()
        while block and not block.is_global:
            for s in block:
                if not (s.is_variable or s.is_argument):
                    continue
                try:
                    v = s.value(frame)
                    t = v.type.strip_typedefs()
                    if t.code != gdb.TYPE_CODE_PTR or not addr(v):
                        continue
                    tname = str(t.target().strip_typedefs())
                    if tname == "struct pipe":
                        pipes.setdefault(addr(v), (v.dereference(), []))
                    elif tname == "struct file" and is_pipe_file(v):
                        pp = v["priv"].cast(ptype.pointer())
                        pipes.setdefault(addr(pp), (pp.dereference(), []))
                except (gdb.error, gdb.MemoryError):
                    continue
            block = block.superblock
    except gdb.error:
        pass
    return pipes


# ---- System V IPC ----

SYSV = {
    # kind: (ids symbol, object type, command)
    "sem": ("sem_ids", "struct sem_array", "sems"),
    "msg": ("msg_ids", "struct msg_queue", "msgs"),
    "shm": ("shm_ids", "struct shmid_kernel", "shm"),
}


def sysv_objects(kind):
    """The objects of one System V kind, as values of their own type; raises IpcError when the kernel has none."""
    ids_name, tname, _ = SYSV[kind]
    ids = symbol(ids_name, required=False)
    if ids is None:
        have = [k for k, (n, _, _) in SYSV.items() if symbol(n, required=False) is not None]
        if not have:
            raise IpcError("no System V IPC in this kernel (no sem_ids, msg_ids or shm_ids: ipc/sem.c, msg.c, "
                           "shm.c are not built in)")
        raise IpcError("no System V %s in this kernel (no %s; this kernel has: %s)"
                       % ({"sem": "semaphores", "msg": "message queues", "shm": "shared memory"}[kind],
                          ids_name, ", ".join(have)))
    t = lookup_type(tname)
    if t is None:
        raise IpcError("%s exists but %s does not (debug information incomplete?)" % (ids_name, tname))
    out = []
    ents = ids["entries"]
    lo, hi = ents.type.strip_typedefs().range()
    maxi = int(ids["max_idx"]) if has_field(ids, "max_idx") else hi
    for i in range(lo, min(hi, maxi) + 1):
        e = ents[i]
        if addr(e):
            out.append((i, e.cast(t.pointer()).dereference()))
    return ids, out


def perm_line(perm):
    return "key %#x id %d owner %d:%d mode %03o%s" % (
        int(perm["key"]) & 0xFFFFFFFF, int(perm["id"]), int(perm["uid"]), int(perm["gid"]),
        int(perm["mode"]) & 0o777, " DELETED" if bool(perm["deleted"]) else "")


def first_field(v):
    return v[v.type.strip_typedefs().fields()[0].name]


def generic_fields(v, skip=()):
    """name=value for the scalar fields of v (what a kernel we do not know the shape of still shows)."""
    parts = []
    for f in v.type.strip_typedefs().fields():
        if f.name in skip or f.name is None:
            continue
        ft = f.type.strip_typedefs()
        if ft.code in (gdb.TYPE_CODE_INT, gdb.TYPE_CODE_BOOL, gdb.TYPE_CODE_ENUM):
            parts.append("%s=%s" % (f.name, v[f.name]))
        elif ft.code == gdb.TYPE_CODE_STRUCT and str(ft) == "struct list_head":
            h = v[f.name]
            n = 0
            node = h["next"]
            while addr(node) != addr(h.address) and n < 10000:
                n += 1
                node = node["next"]
            parts.append("%s=[%d]" % (f.name, n))
    return " ".join(parts)


def sem_waiters(sma):
    """(pid, ops text) of the processes waiting in semop on set sma."""
    out = []
    if lookup_type("struct sem_queue") is None:
        return out
    for lname in ("pending_alter", "pending_const"):
        if not has_field(sma, lname):
            continue
        for q in list_entries(sma[lname], "struct sem_queue", "list"):
            ops = []
            for k in range(int(q["nsops"])):
                b = q["sops"][k]
                ops.append("sem%d%+d" % (int(b["sem_num"]), int(b["sem_op"])) if int(b["sem_op"]) else
                           "sem%d==0" % int(b["sem_num"]))
            out.append((int(q["pid"]), " ".join(ops)))
    return out


# ---- the trace ----

def trace_position():
    """(seq, enabled, pending text or None): seq is the next event's number (events 0..seq-1 emitted);
    pending is the text of the events emitted but still in the kernel's virtio buffer (not yet sent to the host)."""
    seq = int(symbol("seq", "kernel/trace.c"))
    en = symbol("trace_enabled", required=False)
    enabled = bool(en) if en is not None else True
    pending = None
    try:
        port = int(symbol("port", "kernel/trace.c"))
        ports = symbol("ports", "virtio_console.c")
        if port >= 0 and enabled:
            vp = ports[port]
            start = addr(vp["buf"][int(vp["cur"])])
            end = start + int(vp["fill"])
            wp = addr(symbol("win_pos", "kernel/trace.c"))
            if wp and start <= wp <= start + int(vp["bufsize"]):
                end = wp
            if start and 0 <= end - start <= int(vp["bufsize"]):
                pending = read_bytes(start, end - start).decode("utf-8", "replace")
    except (IpcError, gdb.error, gdb.MemoryError):
        pending = None
    return seq, enabled, pending


# ---- the tracer sync ----

class Sync:
    """On every stop, write {"gdb":"stopped","seq":N,...} to the sync file (atomically: temp file + rename),
    and the events still in the kernel's buffer to the pending file; on continue, {"gdb":"running",...}.
    The protocol is in docs/GDB.md ("Sync with the tracer")."""
    path = os.environ.get("IPCLAB_GDB_SYNC") or os.path.join(ROOT, "build", "gdb-sync.json")
    enabled = os.environ.get("IPCLAB_GDB_SYNC") != "off"
    counter = 0
    last_seq = None

    @classmethod
    def pending_path(cls):
        base = cls.path[:-5] if cls.path.endswith(".json") else cls.path
        return base + "-pending.jsonl"

    @classmethod
    def write(cls, obj, pending=None):
        if not cls.enabled:
            return
        cls.counter += 1
        obj["n"] = cls.counter
        try:
            d = os.path.dirname(cls.path) or "."
            os.makedirs(d, exist_ok=True)
            if pending is not None:
                tmp = cls.pending_path() + ".tmp"
                with open(tmp, "w") as fp:
                    fp.write(pending)
                os.replace(tmp, cls.pending_path())
            tmp = cls.path + ".tmp"
            with open(tmp, "w") as fp:
                fp.write(json.dumps(obj, separators=(",", ":")) + "\n")
            os.replace(tmp, cls.path)
        except OSError as e:
            gdb.write("ipc sync: cannot write %s: %s (ipc sync off to stop trying)\n" % (cls.path, e))
            cls.enabled = False

    @classmethod
    def on_stop(cls, event):
        try:
            seq, enabled, pending = trace_position()
        except (IpcError, gdb.error, gdb.MemoryError):
            return
        obj = {"gdb": "stopped", "seq": seq, "last": seq - 1, "trace": enabled}
        if pending is not None:
            lines = [l for l in pending.split("\n") if l.startswith("{")]
            obj["pending"] = len(lines)
            obj["pending_file"] = os.path.abspath(cls.pending_path())
            pending = "".join(l + "\n" for l in lines)
        try:
            obj["pc"] = str(gdb.selected_frame().name() or hex(int(gdb.selected_frame().pc())))
            p = current_proc()
            if p is not None:
                obj["pid"] = int(p["pid"])
        except gdb.error:
            pass
        cls.last_seq = seq
        cls.write(obj, pending)

    @classmethod
    def on_cont(cls, event):
        cls.write({"gdb": "running", "seq": cls.last_seq if cls.last_seq is not None else -1})

    @classmethod
    def on_exit(cls, event):
        cls.write({"gdb": "detached", "seq": cls.last_seq if cls.last_seq is not None else -1})


# ---- commands ----

class IpcPrefix(gdb.Command):
    """ipclab's IPC state from the live kernel. Subcommands:
ipc ps            processes: pid, parent, state, what each sleeps on, pending/blocked signals
ipc fds [PID]     open file descriptors
ipc pipes         pipes: ring (head, tail, capacity), the bytes in it, open ends, waiting pids
ipc sems          System V semaphore sets: values, last pids, waiting semops
ipc msgs          System V message queues
ipc shm           System V shared memory segments
ipc seq           trace sequence number; events still in the kernel's trace buffer
ipc sync [PATH|off]  where stop notices for the tracer go (default build/gdb-sync.json)
ipc sstep irq|noirq  single steps with interrupts and timers (irq) or without (noirq, QEMU's default)
ipc console [N]   the last N lines (default 20) of the guest's console log (make gdb)
ipc boot          also load the symbols at physical addresses: step boot.S before the MMU is on
See docs/GDB.md."""

    def __init__(self):
        super().__init__("ipc", gdb.COMMAND_DATA, gdb.COMPLETE_NONE, True)

    def invoke(self, arg, from_tty):
        gdb.write(self.__doc__ + "\n")


class IpcCommand(gdb.Command):
    name = None

    def __init__(self):
        super().__init__("ipc " + self.name, gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        try:
            self.run(arg.strip())
        except IpcError as e:
            gdb.write("ipc %s: %s\n" % (self.name, e))
        except gdb.MemoryError as e:
            gdb.write("ipc %s: cannot read the kernel's memory (%s): is the MMU on yet? (break after kmain)\n"
                      % (self.name, e))


class IpcPs(IpcCommand):
    """Every process in proc_table: pid, parent pid, state, name, what it sleeps on, pending and blocked
signals by name. '*' marks the current process (the one whose code runs on the CPU)."""
    name = "ps"

    def run(self, arg):
        cur = current_proc()
        cur_a = addr(cur.address) if cur is not None else 0
        procs = proc_table()
        gdb.write("%-1s %4s %4s %-12s %-15s %-22s %-16s %s\n"
                  % ("", "PID", "PPID", "STATE", "NAME", "WCHAN", "PENDING", "BLOCKED"))
        for p in procs:
            par = p["parent"]
            ppid = int(par["pid"]) if addr(par) else 0
            wchan = wchan_name(p)
            pend = sigset_names(proc_pending(p)) if has_field(p, "sig_pending_thread") else "?"
            blk = sigset_names(p["sig_blocked"]) if has_field(p, "sig_blocked") else "?"
            gdb.write("%-1s %4d %4d %-12s %-15s %-22s %-16s %s\n"
                      % ("*" if addr(p.address) == cur_a else "", int(p["pid"]), ppid, proc_state(p),
                         cstr(p["name"]), wchan or "-", pend, blk))
        if cur is not None and cur_a not in [addr(p.address) for p in procs]:
            gdb.write("* current: pid %d (%s), not in proc_table (the idle loop)\n"
                      % (int(cur["pid"]), cstr(cur["name"])))
        gdb.write("%d processes\n" % len(procs))


class IpcFds(IpcCommand):
    """Open file descriptors of every process, or of PID: descriptor, kind, end or access mode, the object."""
    name = "fds"

    def run(self, arg):
        want = int(arg) if arg else None
        for p in proc_table():
            if want is not None and int(p["pid"]) != want:
                continue
            gdb.write("pid %d (%s):\n" % (int(p["pid"]), cstr(p["name"])))
            for fd, f in files_of(p):
                kind = file_kind(f)
                extra = ""
                if is_pipe_file(f):
                    pp = f["priv"].cast(gdb.lookup_type("struct pipe").pointer())
                    extra = " pipe %d" % int(pp["id"])
                gdb.write("  fd %-3d %-8s %-10s refs %d%s\n"
                          % (fd, kind, file_end(f), int(f["refcount"]), extra))


class IpcPipes(IpcCommand):
    """Every pipe reachable from a process's descriptors (or from the selected frame's variables): the ring's
head (bytes ever written), tail (bytes ever read) and capacity, the bytes in it (up to 64), who has each end
open, and the pids waiting on rd_wait (readers waiting for data) and wr_wait (writers waiting for room)."""
    name = "pipes"

    def run(self, arg):
        pipes = find_pipes()
        if not pipes:
            gdb.write("no pipes open\n")
            return
        for a, (pipe, ends) in sorted(pipes.items(), key=lambda kv: int(kv[1][0]["id"])):
            data, used = pipe_bytes(pipe)
            gdb.write("%s  @%#x\n" % (pipe_summary(pipe), a))
            more = " ... (%d more)" % (used - len(data)) if used > len(data) else ""
            gdb.write("  data: \"%s\"%s\n" % (escape(data), more))
            gdb.write("  rd_wait: %s  wr_wait: %s\n"
                      % (pids_text(wait_queue_pids(pipe["rd_wait"])), pids_text(wait_queue_pids(pipe["wr_wait"]))))
            if ends:
                gdb.write("  open: %s\n" % ", ".join("pid %d fd %d (%s)" % e for e in ends))
            else:
                gdb.write("  open: in no descriptor table (found in the selected frame)\n")


def pids_text(pids):
    return "[" + " ".join(str(p) for p in pids) + "]" if pids else "[]"


class IpcSems(IpcCommand):
    """System V semaphore sets (sem_ids): key, id, owner, mode, each semaphore's value and last pid, waiters."""
    name = "sems"

    def run(self, arg):
        ids, objs = sysv_objects("sem")
        if not objs:
            gdb.write("no semaphore sets\n")
            return
        for idx, sma in objs:
            perm = first_field(sma)
            n = int(sma["sem_nsems"]) if has_field(sma, "sem_nsems") else 0
            gdb.write("sem set %s nsems %d\n" % (perm_line(perm), n))
            if has_field(sma, "sems") and n:
                vals = []
                for k in range(min(n, 64)):
                    s = sma["sems"][k]
                    vals.append("%d:%d(pid %d)" % (k, int(s["semval"]), int(s["sempid"])))
                gdb.write("  values: %s%s\n" % (" ".join(vals), " ..." if n > 64 else ""))
            w = sem_waiters(sma)
            gdb.write("  waiting: %s\n" % (", ".join("pid %d [%s]" % x for x in w) if w else "none"))


class IpcMsgs(IpcCommand):
    """System V message queues (msg_ids): key, id, owner, mode, bytes and messages in it, each message's type,
size and first bytes, the receivers waiting in msgrcv (with the type they want) and the senders waiting for room."""
    name = "msgs"

    def run(self, arg):
        ids, objs = sysv_objects("msg")
        if not objs:
            gdb.write("no message queues\n")
            return
        for idx, q in objs:
            perm = first_field(q)
            if has_field(q, "q_qnum") and has_field(q, "q_cbytes") and has_field(q, "q_qbytes"):
                gdb.write("msg queue %s: %d messages, %d/%d bytes\n" % (perm_line(perm), int(q["q_qnum"]),
                          int(q["q_cbytes"]), int(q["q_qbytes"])))
            else:
                gdb.write("msg queue %s\n  %s\n" % (perm_line(perm), generic_fields(q, skip=(perm.type.name,))))
            mt = lookup_type("struct msg_msg")
            if mt is not None and has_field(q, "q_messages") and has_field(mt, "m_list"):
                msgs = list_entries(q["q_messages"], "struct msg_msg", "m_list")
                for m in msgs[:16]:
                    ts = int(m["m_ts"]) if has_field(m, "m_ts") else 0
                    text = ""
                    if has_field(m, "text") and addr(m["text"]) and ts:
                        text = ' "%s"%s' % (escape(read_bytes(addr(m["text"]), min(ts, 32))), "..." if ts > 32 else "")
                    gdb.write("  type %d, %d bytes%s\n" % (int(m["m_type"]), ts, text))
                if len(msgs) > 16:
                    gdb.write("  ... %d more\n" % (len(msgs) - 16))
            rt = lookup_type("struct msg_receiver")
            if rt is not None and has_field(q, "q_receivers") and has_field(rt, "r_list"):
                rs = list_entries(q["q_receivers"], "struct msg_receiver", "r_list")
                gdb.write("  receivers waiting: %s\n" % (", ".join(
                    "pid %d (type %d)" % (int(r["pid"]), int(r["r_msgtype"])) for r in rs) or "none"))
            if has_field(q, "q_senders"):
                gdb.write("  senders waiting: %s\n" % pids_text(wait_queue_pids(q["q_senders"])))


class IpcShm(IpcCommand):
    """System V shared memory segments (shm_ids): key, id, owner, mode, size, attachments (pid and address),
creator and last pids, and the first bytes of the segment."""
    name = "shm"

    def run(self, arg):
        ids, objs = sysv_objects("shm")
        if not objs:
            gdb.write("no shared memory segments\n")
            return
        for idx, s in objs:
            perm = first_field(s)
            if has_field(s, "shm_segsz") and has_field(s, "shm_nattch"):
                line = "shm segment %s: %d bytes, %d attached" % (perm_line(perm), int(s["shm_segsz"]),
                                                                  int(s["shm_nattch"]))
                if has_field(s, "shm_cprid"):
                    line += ", creator pid %d, last pid %d" % (int(s["shm_cprid"]), int(s["shm_lprid"]))
                gdb.write(line + "\n")
            else:
                gdb.write("shm segment %s\n  %s\n" % (perm_line(perm), generic_fields(s, skip=(perm.type.name,))))
            at = lookup_type("struct shm_attach")
            if at is not None and has_field(s, "attaches") and has_field(at, "link"):
                atts = list_entries(s["attaches"], "struct shm_attach", "link")
                gdb.write("  attached: %s\n" % (", ".join("pid %d at %#x" % (int(a["pid"]), int(a["base"]))
                                                          for a in atts) or "none"))
            if has_field(s, "pages") and has_field(s, "npages") and int(s["npages"]) and addr(s["pages"]):
                pg = s["pages"][0]
                if addr(pg):
                    gdb.write('  bytes 0..15: %s\n' % read_bytes(addr(pg), 16).hex(" "))
                else:
                    gdb.write("  page 0 not touched yet\n")


class IpcSeq(IpcCommand):
    """The kernel's trace position: seq (the next event's number; the tracer shows event seq-1 when synced)
and the events emitted but still in the kernel's trace buffer (not yet sent to the host)."""
    name = "seq"

    def run(self, arg):
        seq, enabled, pending = trace_position()
        if not enabled:
            gdb.write("trace off (boot with a trace: make gdb, or scripts/qemu-ipclab --trace FILE)\n")
        gdb.write("seq %d: events 0..%d emitted\n" % (seq, seq - 1))
        if pending is not None:
            lines = [l for l in pending.split("\n") if l.startswith("{")]
            gdb.write("%d still in the kernel's trace buffer%s\n" % (len(lines), ":" if lines else ""))
            for l in lines[-int(arg or 8):]:
                gdb.write("  " + (l if len(l) < 200 else l[:197] + "...") + "\n")


class IpcSync(IpcCommand):
    """ipc sync: say where stop notices go; ipc sync PATH: write them there; ipc sync off: stop writing them."""
    name = "sync"

    def run(self, arg):
        if arg == "off":
            Sync.enabled = False
        elif arg:
            Sync.path, Sync.enabled = os.path.abspath(arg), True
        gdb.write("ipc sync: %s\n" % ((Sync.path + " (pending events: " + Sync.pending_path() + ")")
                                       if Sync.enabled else "off"))


class IpcSstep(IpcCommand):
    """ipc sstep noirq: single steps (step, next, stepi) run with interrupts and timers masked, so a step in
kernel code stays in it (QEMU's default, Qqemu.sstep=0x7). ipc sstep irq: let them in (Qqemu.sstep=0x1):
a step may then land in the IRQ vector, and guest time runs while stepping."""
    name = "sstep"

    def run(self, arg):
        val = {"irq": "0x1", "noirq": "0x7"}.get(arg)
        if val is None:
            gdb.write("usage: ipc sstep irq|noirq\n")
            gdb.execute("maint packet qqemu.sstep")
            return
        gdb.execute("maint packet Qqemu.sstep=" + val)


class IpcConsole(IpcCommand):
    """The last N lines (default 20) of the guest's serial console, which make gdb writes to
build/gdb-console.log (QEMU runs in the background there)."""
    name = "console"

    def run(self, arg):
        path = os.environ.get("IPCLAB_GDB_CONSOLE") or os.path.join(ROOT, "build", "gdb-console.log")
        try:
            with open(path, errors="replace") as fp:
                lines = fp.read().splitlines()
        except OSError:
            raise IpcError("no console log at %s (make qemu-gdb shows the console in its own terminal)" % path)
        for l in lines[-int(arg or 20):]:
            gdb.write(l + "\n")


class IpcBoot(IpcCommand):
    """Load the kernel's symbols a second time at their physical addresses (VA - 0xffffff8000000000), so that
boot.S's first instructions, which run with the MMU off, have source lines; then 'hbreak *0x40200000' (or
any hbreak on a physical address) stops there. Breakpoints on kernel symbols hit only once the MMU is on."""
    name = "boot"

    def run(self, arg):
        elf = gdb.current_progspace().filename
        if not elf:
            raise IpcError("no kernel ELF loaded")
        gdb.execute("add-symbol-file %s -o -0xffffff8000000000" % elf)
        start = int(gdb.parse_and_eval("(unsigned long)&_start"))
        pa = start - 0xffffff8000000000
        gdb.write("_start is at physical %#x: before the kernel has started, hbreak *%#x and continue stop at its\n"
                  "first instruction. Symbols now have two locations (physical and virtual): a breakpoint on one\n"
                  "takes two hardware breakpoints.\n" % (pa, pa))


class CurrentFunction(gdb.Function):
    """$current(): the struct proc * running on the CPU, as the kernel's `current` macro (p *$current())."""

    def __init__(self):
        super().__init__("current")

    def invoke(self):
        return symbol("cpu_current")[0]


# ---- pretty-printers ----

class FieldsPrinter:
    """A summary line, then the struct's fields as gdb prints them (print/r shows the raw struct)."""

    def __init__(self, val, summary):
        self.val, self.summary = val, summary

    def to_string(self):
        try:
            return self.summary(self.val)
        except (gdb.error, gdb.MemoryError, IpcError) as e:
            return "<%s>" % e

    def children(self):
        for f in self.val.type.strip_typedefs().fields():
            if f.name:
                yield f.name, self.val[f.name]


def pipe_pp_summary(v):
    data, used = pipe_bytes(v, 32)
    return "%s, data \"%s\"%s, rd_wait %s, wr_wait %s" % (
        pipe_summary(v), escape(data), "..." if used > len(data) else "",
        pids_text(wait_queue_pids(v["rd_wait"])), pids_text(wait_queue_pids(v["wr_wait"])))


def proc_pp_summary(v):
    s = proc_summary(v)
    if has_field(v, "sig_pending_thread"):
        s += ", pending %s, blocked %s" % (sigset_names(proc_pending(v)), sigset_names(v["sig_blocked"]))
    return s


def file_pp_summary(v):
    s = "file %s (%s), refs %d" % (file_kind(v), file_end(v), int(v["refcount"]))
    if is_pipe_file(v):
        s += ", pipe %d" % int(v["priv"].cast(gdb.lookup_type("struct pipe").pointer())["id"])
    return s


def sysv_pp_summary(kind):
    def f(v):
        s = "%s %s" % (kind, perm_line(first_field(v)))
        if kind == "sem set" and has_field(v, "sem_nsems"):
            n = int(v["sem_nsems"])
            s += ", nsems %d, values [%s]" % (n, " ".join(str(int(v["sems"][k]["semval"])) for k in range(min(n, 16))))
        return s
    return f


PRINTERS = {
    "pipe": pipe_pp_summary,
    "proc": proc_pp_summary,
    "file": file_pp_summary,
    "sem_array": sysv_pp_summary("sem set"),
    "msg_queue": sysv_pp_summary("msg queue"),
    "shmid_kernel": sysv_pp_summary("shm segment"),
}


def lookup_printer(val):
    t = val.type.strip_typedefs()
    if t.code != gdb.TYPE_CODE_STRUCT or not t.tag or t.tag not in PRINTERS:
        return None
    return FieldsPrinter(val, PRINTERS[t.tag])


# ---- registration (once, even if the file is sourced again or auto-loaded as well) ----

def register():
    IpcPrefix()
    CurrentFunction()
    for c in (IpcPs, IpcFds, IpcPipes, IpcSems, IpcMsgs, IpcShm, IpcSeq, IpcSync, IpcSstep, IpcConsole, IpcBoot):
        c()
    if not getattr(gdb, "_ipclab_hooks", False):
        gdb._ipclab_hooks = True
        gdb.pretty_printers.append(lambda v: _ipclab_lookup(v))
        gdb.events.stop.connect(lambda e: _ipclab_sync().on_stop(e))
        gdb.events.cont.connect(lambda e: _ipclab_sync().on_cont(e))
        gdb.events.exited.connect(lambda e: _ipclab_sync().on_exit(e))
    # The hooks above call through these, so sourcing the file again replaces the code they run.
    gdb._ipclab_lookup_impl = lookup_printer
    gdb._ipclab_sync_impl = Sync


def _ipclab_lookup(v):
    return gdb._ipclab_lookup_impl(v)


def _ipclab_sync():
    return gdb._ipclab_sync_impl


register()
