# bigpipe: megabytes through pipes, checked with md5sum: one stage, many stages, a slow reader (head -c), a file.
yes 0123456789abcdef | head -c 10485760 | md5sum
yes 0123456789abcdef | head -c 10485760 | cat | cat | cat | md5sum
seq 1 300000 | md5sum
seq 1 300000 | wc -c
yes abc | head -c 4194304 >data
md5sum <data
cat data data | wc -c
dd if=data bs=65536 2>/dev/null | md5sum
dd if=data bs=4096 count=100 2>/dev/null | wc -c
cat data | tail -c 8 | od -c | head -1
