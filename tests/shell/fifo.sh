# fifo: named pipes: a background writer meets a reader, several writers in turn, a reader in the background,
# opening order both ways.
mkfifo f
ls -l f | cut -c1
echo "hello through a fifo" >f &
cat f
wait
for i in 1 2 3; do
	echo "writer $i" >f &
	cat f
	wait
done
cat f >out &
seq 1 1000 >f
wait
wc -l <out
(exec 3<>f; echo "read-write open does not block" >&3; head -1 <&3)
rm f
[ -e f ] || echo "removed"
