# pipeline: pipelines of two to five stages, filters reading what the previous stage wrote.
echo "2 stages:"
seq 1 1000 | wc -l
echo "3 stages:"
seq 1 1000 | grep 7 | wc -l
echo "4 stages:"
seq 1 100 | sed 's/$/ x/' | tr ' x' '_y' | tail -3
echo "5 stages:"
printf 'b a\nc b\na c\nb b\n' | tr ' ' '\n' | sort | uniq -c | sort -rn
echo "ls / | grep bin:"
ls / | grep bin
echo "yes | head -3:"
yes | head -3
echo "a 5-stage pipeline of cat:"
seq 1 5000 | cat | cat | cat | cat | tail -1
