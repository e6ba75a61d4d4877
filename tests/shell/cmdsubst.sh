# cmdsubst: command substitution, $(...) and `...`: output captured, trailing newlines dropped, nesting, the exit
# status of the substituted command, a pipeline inside.
x=$(echo hello)
echo "x=$x"
y=`echo back quotes`
echo "y=$y"
echo "nested: $(echo outer $(echo inner $(echo innermost)))"
n=$(seq 1 100 | wc -l)
echo "lines: $n"
t=$(printf 'a\n\n\n')
echo "trailing newlines dropped: [$t]"
m=$(printf 'one\ntwo')
echo "inner newline kept: [$m]"
z=$(false)
echo "status of a failing substitution: $?"
z=$(exit 7)
echo "status of exit 7: $?"
echo "arithmetic on it: $(( $(echo 6) * $(echo 7) ))"
big=$(seq 1 20000)
echo "a big substitution: ${#big} characters"
echo "in a here-string of words: $(echo a b c | wc -w) words"
