# files: mkdir -p, cp, mv, rm -r, find, ls order, chmod and test -x, umask on new files, cp -p, du.
mkdir -p a/b/c
echo 1 >a/one
echo 2 >a/b/two
echo 3 >a/b/c/three
find a | sort
cp -r a copy
find copy -type f | sort | xargs cat
mv copy moved
ls
rm -r moved
ls
umask 022
echo x >perm
stat -c %a perm
umask 077
echo y >private
stat -c %a private
chmod 755 perm
[ -x perm ] && echo "chmod 755: executable"
chmod a-x perm
[ -x perm ] || echo "chmod a-x: not executable"
mkdir -m 700 m
stat -c '%a %F' m
ls -a a
find a -name 'two' -type f
find a -type d | sort | wc -l
