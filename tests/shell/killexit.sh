# killexit: how a process's end shows in $?: exit codes, death by each common signal (128 + N), kill -l names.
for s in HUP INT QUIT ABRT KILL SEGV PIPE ALRM TERM USR1 USR2; do
	sh -c "kill -$s \$\$"
	echo "$s: $?"
done
sh -c 'exit 255'
echo "exit 255: $?"
sh -c 'exit 256'
echo "exit 256: $?"
kill -l 9 15 2
echo "$(kill -l | wc -w) signal names"
