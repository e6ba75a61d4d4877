# ulimit: the resource limits a process starts with and inherits, lowered in a subshell, enforced (RLIMIT_FSIZE:
# a write past it gets SIGXFSZ, RLIMIT_NOFILE: no descriptors past it).
echo "open files: $(ulimit -n)"
echo "stack (KiB): $(ulimit -s)"
echo "core: $(ulimit -c)"
echo "file size: $(ulimit -f)"
(ulimit -n 64; echo "lowered: $(ulimit -n)"; sh -c 'echo "inherited: $(ulimit -n)"')
echo "unchanged outside: $(ulimit -n)"
(ulimit -f 1; yes >big)
echo "a write past RLIMIT_FSIZE: $?"
wc -c <big
(ulimit -n 5; exec 7>/dev/null) 2>&1 | sed 's/^.*: //'
echo "descriptor 7 under a limit of 5: refused"
(ulimit -n 64; ulimit -n 128; echo "root raises its own limit again: $(ulimit -n)")
