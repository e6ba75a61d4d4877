# subshell: ( ) runs in a child: its cd, variables and exit do not reach the parent; { } does.
v=parent
(v=child; cd /; echo "in the subshell: v=$v pwd=$(pwd)")
echo "after it: v=$v pwd=$(pwd)"
{ v=group; cd /tmp; }
echo "after { }: v=$v pwd=$(pwd)"
(exit 4)
echo "(exit 4): $?"
(echo a; echo b; echo c) | wc -l
{ echo x; echo y; } | wc -l
( (echo deep; (echo deeper)) )
out=$( (echo from a subshell in a substitution) )
echo "$out"
(trap 'echo subshell EXIT trap' EXIT; echo in)
[ "$(echo $$)" = "$$" ] && echo "\$\$ in a subshell is the shell's own pid"
[ "$(sh -c 'echo $$')" != "$$" ] && echo "a child shell has a pid of its own"
