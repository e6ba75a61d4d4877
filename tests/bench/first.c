/* first: the boot-time probe for scripts/bench: writes one line at once and exits. The host times QEMU's start
 * to the arrival of this line (the first output of the first program /init starts). */
#include <unistd.h>

int main(void)
{
	write(1, "first\n", 6);
	return 0;
}
