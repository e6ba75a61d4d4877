# pipestatus: the exit status of a pipeline is its last command's; with pipefail the last failing one's; ! inverts;
# a writer killed by SIGPIPE when the reader leaves.
false | true
echo "false | true: $?"
true | false
echo "true | false: $?"
sh -c 'exit 3' | sh -c 'exit 4'
echo "exit 3 | exit 4: $?"
! true
echo "! true: $?"
! false
echo "! false: $?"
set -o pipefail
false | true
echo "pipefail, false | true: $?"
sh -c 'exit 3' | sh -c 'exit 4' | true
echo "pipefail, exit 3 | exit 4 | true: $?"
yes | head -1 >/dev/null
echo "pipefail, yes | head -1: $? (yes got SIGPIPE)"
set +o pipefail
yes | head -1 >/dev/null
echo "yes | head -1: $?"
seq 1 100000 | head -2
if echo x | grep -q x; then echo "if on a pipeline: true"; fi
echo a | grep -q b || echo "|| after a failing pipeline"
