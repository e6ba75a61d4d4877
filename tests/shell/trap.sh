# trap: handlers in one shell for signals sent by another (kill), EXIT traps, ignored signals, kill -0.
mkfifo ready
sh -c 'trap "echo child got USR1; exit 5" USR1; echo up >ready; while :; do sleep 0.05; done' &
c=$!
read -r line <ready
echo "child is $line"
kill -USR1 $c
wait $c
echo "child exit status: $?"
sh -c 'trap "echo bye from EXIT" EXIT; echo working'
sh -c 'trap "" INT; kill -INT $$; echo survived an ignored SIGINT'
sh -c 'trap "echo caught TERM" TERM; kill -TERM $$; echo went on after the handler'
sleep 5 &
s=$!
kill -0 $s && echo "kill -0: alive"
kill $s
wait $s 2>/dev/null # ash reports the killed job on stderr, or not, as the race with SIGCHLD goes
echo "sleep killed: $?"
kill -0 $s 2>/dev/null || echo "kill -0: gone"
trap 'echo trap in this shell: HUP' HUP
kill -HUP $$
trap - HUP
echo "trap -p after reset: [$(trap)]"
rm ready
