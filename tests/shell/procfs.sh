# procfs: mount -t proc, and what ps, top and the shell read there: /proc/self, PID/stat, status, cmdline, fd/,
# meminfo, mounts.
mount -t proc proc /proc
echo "mount: $?"
grep '^proc /proc proc' /proc/mounts | cut -d' ' -f1-3
readlink /proc/self/exe
cut -d' ' -f2,3 /proc/self/stat
grep -c '^Name:' /proc/self/status
awk '/^Name:/ { print $2 }' /proc/self/status
tr '\0' ' ' </proc/self/cmdline; echo
sh -c 'ls /proc/self/fd | wc -l' 3</dev/null
grep -c '^MemTotal:' /proc/meminfo
[ -d /proc/$$ ] && echo "/proc/\$\$ is a directory"
ps -o pid,comm | awk -v p=$$ '$1 == p { print "ps sees this shell as", $2 }'
umount /proc
echo "umount: $?"
ls /proc | wc -l
