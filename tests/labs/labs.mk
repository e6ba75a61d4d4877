# tests/labs/labs.mk: `make test-labs` (TEST_SUITES += labs): the labs' own tests, TAP lines (tests/labs/test-labs):
# every lab's reference kernel passes its grader (skipped while the kernel lacks its system calls), each
# implementation track (pipes, semaphores, msgqueue) builds and grades (the reference file through it passes, the
# untouched skeleton fails with clear messages), the committed skeletons are fresh, the hang detector catches a hang
# by guest-time progress, every classic mistake of tests/unit/data/buggy/ loses points with a message naming it
# (tests/labs/classic-mistakes), every buggy variant of a lab's own program loses points with a message naming it
# (tests/labs/buggy-programs: other scenarios; tests/labs/program-mistakes/: patched programs), a busy wait costs
# under 30 s, a file that calls the trace is refused, a panic's
# trace reaches the grader, schedule exploration replays byte for byte, and the saved traces (traces/labs/)
# regenerate with the same events.
test-labs: kernel user tracer
	@tests/labs/test-labs
.PHONY: test-labs
TEST_SUITES += labs

# `make test-handout`: the student release made from a fresh clone, unpacked, built and used as a student would;
# nothing of the instructor's material in it (tests/labs/test-handout; about two minutes).
test-handout:
	@tests/labs/test-handout
.PHONY: test-handout
TEST_SUITES += handout

# `make test-grade-class`: a generated class of pipes submissions (correct, classic mistakes, not compiling, hanging,
# no file) graded in one command; summary and Gradescope results checked (tests/labs/test-grade-class; a minute).
test-grade-class: kernel user tracer
	@tests/labs/test-grade-class
.PHONY: test-grade-class
TEST_SUITES += grade-class
