# symlink: ln -s, reading through a link, readlink, relative and dangling links, a directory link, a loop (ELOOP),
# lstat against stat.
echo target text >target
ln -s target rel
ln -s /tmp/shell/symlink/target abs
cat rel abs
readlink rel
readlink abs
[ -L rel ] && echo "rel is a link"
[ -f rel ] && echo "and it points at a regular file"
ln -s nowhere dangling
[ -L dangling ] && [ ! -e dangling ] && echo "dangling: a link to nothing"
cat dangling 2>&1
mkdir dir
echo inside >dir/file
ln -s dir dlink
cat dlink/file
(cd dlink && pwd && pwd -P)
ln -s loop1 loop2
ln -s loop2 loop1
cat loop1 2>&1
ls -l rel | awk '{ print $1, $(NF-2), $(NF-1), $NF }'
stat -c '%F %s' rel target
echo more >>rel
cat target
rm rel
[ -e target ] && echo "rm of the link left the target"
ln -sf abs abs2 && readlink abs2
