# bigfile: files of megabytes in /tmp: written through a pipe, read back, sought into (dd skip/seek), appended to,
# truncated, copied, removed.
yes 'a line of forty bytes in a big file ...' | head -c 16777216 >big
wc -c <big
md5sum <big
tail -c 16 big
echo
dd if=big bs=1048576 skip=15 count=1 2>/dev/null | md5sum
dd if=/dev/zero of=sparse bs=1 count=1 seek=5000000 2>/dev/null
wc -c <sparse
cat big big >bigger
wc -c <bigger
cp big copy && cmp big copy && echo "cp: identical"
echo tail >>copy
tail -c 5 copy
truncate -s 1000 copy
wc -c <copy
truncate -s 3000000 copy
wc -c <copy
md5sum <copy
rm big bigger copy sparse
ls
