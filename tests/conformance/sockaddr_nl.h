/* tests/conformance/sockaddr_nl.h: the netlink address (netlink(7) "Address formats") for the programs that use
 * AF_NETLINK sockets. musl ships no kernel headers (<linux/netlink.h>), so the few names are here, with the
 * values of Linux's include/uapi/linux/netlink.h; glibc's builds take the same ones. */
#ifndef SOCKADDR_NL_H
#define SOCKADDR_NL_H
#include <sys/socket.h>

#define NETLINK_ROUTE 0
/* struct sockaddr_nl: nl_pid is a port id (0: the kernel), nl_groups a mask of multicast groups; 12 bytes. */
struct sockaddr_nl {
	sa_family_t nl_family;
	unsigned short nl_pad;
	unsigned int nl_pid;
	unsigned int nl_groups;
};
#endif
