/* netinet/tcp.h: TCP_NODELAY (level IPPROTO_TCP). */
#ifndef _AXLIBC_NETINET_TCP_H
#define _AXLIBC_NETINET_TCP_H
#define TCP_NODELAY 1
#endif
