# stopcont: SIGSTOP stops a process (its counter stands still), SIGCONT resumes it; a stopped process still gets
# SIGTERM after SIGCONT.
sh -c 'i=0; while :; do i=$((i + 1)); echo $i >count.tmp; mv count.tmp count; sleep 0.02; done' &
p=$!
while [ ! -s count ]; do sleep 0.02; done
kill -STOP $p
sleep 0.1
a=$(cat count)
sleep 0.3
b=$(cat count)
[ "$a" = "$b" ] && echo "stopped: the counter stood still"
kill -CONT $p
sleep 0.3
c=$(cat count)
[ "$c" -gt "$b" ] && echo "continued: the counter moved on"
kill -STOP $p
kill -TERM $p
kill -CONT $p
wait $p 2>/dev/null # whether the shell says "Terminated" depends on when it saw the stop: not part of the test
echo "terminated while stopped, after SIGCONT: $?"
