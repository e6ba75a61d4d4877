# devices: /dev/null, /dev/zero, /dev/full, /dev/urandom, /dev/tty's node: reads, writes, errors.
echo "into the void" >/dev/null && echo "write to /dev/null: ok"
wc -c </dev/null
head -c 100000 /dev/zero | md5sum
dd if=/dev/zero bs=4096 count=256 2>/dev/null | wc -c
echo x 2>&1 >/dev/full | sed 's/^.*: //'
echo x 2>/dev/null >/dev/full || echo "write to /dev/full failed"
head -c 1000 /dev/urandom | wc -c
a=$(head -c 16 /dev/urandom | md5sum)
b=$(head -c 16 /dev/urandom | md5sum)
[ "$a" != "$b" ] && echo "two reads of /dev/urandom differ"
stat -c '%F %t:%T' /dev/null /dev/zero /dev/full /dev/random /dev/urandom /dev/tty /dev/console
cat /dev/null /dev/null
echo "cat of /dev/null: $?"
