# jobs: background jobs, $!, wait for one, wait for all, each job's exit status.
sleep 0.2 &
p=$!
wait $p
echo "sleep: $?"
(exit 3) &
wait $!
echo "exit 3: $?"
sh -c 'exit 42' &
wait $!
echo "sh -c exit 42: $?"
for i in 1 2 3 4 5; do
	(sleep 0.$i; echo "job $i" >job$i) &
done
wait
cat job1 job2 job3 job4 job5
sh -c 'kill -TERM $$' &
wait $!
echo "killed by SIGTERM: $?"
wait
echo "wait with nothing left: $?"
true &
t=$!
false &
f=$!
wait $f
echo "false: $?"
wait $t
echo "true: $?"
