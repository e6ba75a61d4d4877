# readloop: read loops fed by pipes: each line, fields split by IFS, -r keeping backslashes, the loop in a
# subshell so its variables stay there, a loop reading a file descriptor.
seq 1 5 | while read -r n; do echo "$n squared is $((n * n))"; done
count=0
seq 1 10 | while read -r n; do count=$((count + 1)); done
echo "count after the piped loop: $count"
printf 'root:x:0\nuser:y:1000\n' | while IFS=: read -r name pass id; do echo "$name has id $id"; done
printf 'a\\tb\n' | { read -r raw; echo "raw: $raw"; }
printf 'a\\tb\n' | { read cooked; echo "cooked: $cooked"; }
printf 'one two three four\n' | { read -r first rest; echo "first=$first rest=$rest"; }
printf 'no newline at the end' | { read -r line; echo "read: $? [$line]"; }
seq 1 3 >nums
exec 4<nums
while read -r n <&4; do echo "fd 4: $n"; done
exec 4<&-
seq 1 2000 | while read -r n; do echo "$n"; done | tail -1
