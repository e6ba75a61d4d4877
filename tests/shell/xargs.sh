# xargs: arguments from a pipe, -n per command, -I replacement, a command that fails (123), -0.
seq 1 10 | xargs echo
seq 1 10 | xargs -n 3 echo
printf 'a\nb\nc\n' | xargs -I{} echo "item {}"
seq 1 4 | xargs -n 1 sh -c 'echo $(($0 * 10))'
seq 1 3 | xargs -n 1 sh -c 'exit 1'
echo "a failing command: $?"
printf 'x y\0z\0' | xargs -0 -n 1 echo
echo | xargs echo "empty input runs once:"
seq 1 1000 | xargs | wc -w
