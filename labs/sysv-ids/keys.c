/* labs/sysv-ids/keys.c: how a System V object is named. A key is a 32-bit number the programs agree on; ftok(3)
 * makes one from a file and a project byte (here the root directory and 'A'). msgget(key, IPC_CREAT) makes a queue or finds the existing one;
 * adding IPC_EXCL makes "create" mean "create, and fail with EEXIST if it exists"; without IPC_CREAT a missing key
 * is ENOENT. IPC_PRIVATE (key 0) always makes a new object that no other msgget can find (POSIX XSH msgget();
 * Linux 6.1 ipc/util.c, ipcget_new and ipcget_public). */
#include <sys/msg.h>
#include <sys/stat.h>
#include "lab.h"

int main(void)
{
	struct stat st;
	/* Any file all the programs know will do; the root directory's inode number does not change when files are
	 * added to the initramfs (a program's own file's would, and with it every saved trace of this lab). */
	key_t key = ftok("/", 'A');
	if (key == -1 || stat("/", &st) < 0)
		lab_die("ftok");
	/* glibc and musl: the project byte, then the low 8 bits of the device number, then the low 16 of the inode. */
	say(1, "keys: ftok = 0x%08x: project 'A' (0x%02x), device bits 0x%02x, inode bits 0x%04x: %s\n", (unsigned)key,
	    ((unsigned)key >> 24) & 0xff, ((unsigned)key >> 16) & 0xff, (unsigned)key & 0xffff,
	    ((unsigned)key & 0xffff) == ((unsigned)st.st_ino & 0xffff) ? "matches the file's inode" : "?");

	int id = msgget(key, IPC_CREAT | 0600);
	if (id < 0)
		lab_die("msgget IPC_CREAT");
	int again = msgget(key, IPC_CREAT | 0600);
	say(1, "keys: msgget(key, IPC_CREAT) twice: %s\n", again == id ? "the same queue both times" : "two queues?");
	int found = msgget(key, 0);
	say(1, "keys: msgget(key, 0) finds it: %s\n", found == id ? "yes" : "no");
	int excl = msgget(key, IPC_CREAT | IPC_EXCL | 0600);
	int excl_errno = errno;
	say(1, "keys: msgget(key, IPC_CREAT|IPC_EXCL): %s\n", excl < 0 ? strerror(errno) : "created?");
	int none = msgget(key + 1, 0);
	say(1, "keys: msgget(another key, 0): %s\n", none < 0 ? strerror(errno) : "found?");
	int p1 = msgget(IPC_PRIVATE, 0600), p2 = msgget(IPC_PRIVATE, 0600);
	say(1, "keys: msgget(IPC_PRIVATE) twice: %s\n", p1 >= 0 && p2 >= 0 && p1 != p2 ? "two new queues" : "?");
	msgctl(p1, IPC_RMID, NULL);
	msgctl(p2, IPC_RMID, NULL);
	msgctl(id, IPC_RMID, NULL);
	int gone = msgget(key, 0);
	say(1, "keys: after IPC_RMID, msgget(key, 0): %s\n", gone < 0 ? strerror(errno) : "still there?");
	return excl < 0 && excl_errno == EEXIST ? 0 : 1;
}
