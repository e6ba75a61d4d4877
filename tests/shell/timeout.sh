# timeout: a command that ends in time keeps its status; one that does not is killed (SIGTERM, or the given
# signal).
timeout 5 true
echo "true: $?"
timeout 5 sh -c 'exit 3'
echo "exit 3: $?"
timeout 1 sleep 10
echo "sleep 10 with a 1 s limit: $?"
timeout -s KILL 1 sleep 10
echo "the same with SIGKILL: $?"
timeout 1 sh -c 'trap "echo caught TERM; exit 9" TERM; while :; do sleep 0.05; done'
echo "a command handling TERM: $?"
