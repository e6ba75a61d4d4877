# applets: busybox's own list of applets against the image's /bin (the links scripts/busybox made from the
# binary), and running applets through their links and through busybox NAME.
busybox --list | wc -l
missing=0
for a in $(busybox --list); do
	[ "$a" = busybox ] && continue
	[ -L /bin/$a ] || { echo "no link for $a"; missing=$((missing + 1)); }
done
echo "applets without a link: $missing"
readlink /bin/sh
busybox echo "busybox echo"
/bin/echo "/bin/echo"
busybox true && echo "busybox true: $?"
busybox --help 2>&1 | head -1 | cut -d' ' -f1-2
