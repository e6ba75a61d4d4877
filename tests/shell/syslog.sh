# syslog: Debian's busybox syslogd binds /dev/log, an AF_UNIX datagram socket, and logger sends to it: each
# message is one datagram, written to the log file with its facility, priority and tag (the time and host name
# are cut off).
syslogd -n -O messages &
pid=$!
i=0
while [ ! -S /dev/log ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
[ -S /dev/log ] && echo "/dev/log is a socket"
logger -t test "hello over AF_UNIX"
logger -t test -p user.err "an error"
echo "from stdin" | logger -t piped
i=0
while [ "$(grep -c 'piped' messages 2>/dev/null)" != 1 ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
kill $pid
sleep 0.2 # (it dies meanwhile and the shell reaps it: \`wait\` then prints no "Terminated", on either kernel)
wait $pid
echo "syslogd ended: $?"
sed "s/^.\{15\} [^ ]* //" messages | grep -v syslogd
[ -e /dev/log ] && echo "/dev/log stays (syslogd does not unlink it)"
rm -f /dev/log
