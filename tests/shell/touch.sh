# touch: creating files, setting times (-d, -r), -c, comparing times, a directory's time.
touch new
[ -f new ] && echo "touch created it, $(stat -c %s new) bytes"
touch -d '2020-01-02 03:04:05' old
stat -c %Y old
date -u -d @$(stat -c %Y old) '+%Y-%m-%d %H:%M:%S'
touch -r old copy
stat -c %Y copy
[ new -nt old ] && echo "new is newer than old"
[ old -ot new ] && echo "old is older than new"
touch -c absent
[ -e absent ] || echo "touch -c did not create it"
echo data >f
touch -d '2001-09-09 01:46:40' f
cat f
stat -c '%Y %s' f
mkdir d
touch -d '1999-12-31 23:59:59' d
stat -c '%F %Y' d
