# shellvars: the shell on its own (no other programs): parameter expansion, arithmetic, case, functions, local,
# positional parameters, getopts, set -e.
x=hello.tar.gz
echo "${x%.*} ${x%%.*} ${x#*.} ${x##*.} ${#x}"
echo "${unset:-default} ${unset:=assigned} $unset"
echo "$((7 / 2)) $((7 % 2)) $((2 ** 10)) $((1 << 4)) $(( (3 + 4) * 5 ))"
f() { local a=$1; shift; echo "f: a=$a rest=$* count=$#"; return 3; }
f one two three
echo "f returned $?"
case $x in *.gz) echo "case: gzip";; *) echo "case: other";; esac
set -- a b c
echo "positional: $1 $2 $3 ($#)"
shift 2
echo "after shift 2: $1 ($#)"
while getopts "ab:c" o -a -b val -c; do echo "option $o ${OPTARG:-}"; done
(set -e; false; echo "not reached")
echo "set -e stopped the subshell: $?"
i=0; while [ $i -lt 5 ]; do i=$((i + 1)); [ $i = 3 ] && continue; printf '%s ' $i; done; echo
for w in "a b" c; do echo "[$w]"; done
IFS=:; set -- $(echo "p:q:r"); IFS=' '
echo "split on : gives $# words: $*"
