# redirect: >, >>, 2>&1, descriptors opened with exec, <>, noclobber, a descriptor that is not open.
echo one >f
echo two >>f
cat f
ls missing >out 2>&1
cat out
exec 3>g
echo "via fd 3" >&3
exec 3>&-
cat g
echo "to stderr" 2>&1 >&2 | cat
exec 4<f
read -r first <&4
echo "first line via fd 4: $first"
exec 4<&-
set -C
(echo clobber >f) 2>&1 | sed 's/^.*: //'
set +C
{ echo out; echo err >&2; } >both 2>&1
sort both
(echo x >&5) 2>&1 | sed 's/^.*: //'
exec 6<>rw
echo "read-write" >&6
exec 6>&-
cat rw
