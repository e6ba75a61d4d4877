# heredoc: here-documents: expanded, quoted (literal), <<- (leading tabs removed), into a pipeline, into a loop,
# and a big one (bigger than a pipe's buffer).
name=world
cat <<EOF2
hello $name
sum $((2 + 3))
EOF2
cat <<'EOF2'
literal $name $((2 + 3))
EOF2
cat <<-EOF2
	tabs removed
		both of them
	EOF2
cat <<EOF2 | sort | tr a-z A-Z
pear
apple
fig
EOF2
while read -r a b; do
	echo "$b=$a"
done <<EOF2
1 one
2 two
EOF2
{
	i=0
	while [ $i -lt 3000 ]; do
		echo "line $i of a long here-document"
		i=$((i + 1))
	done
} >lines
big=$(cat lines)
cat <<EOF2 | wc -lc
$big
EOF2
