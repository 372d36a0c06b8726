/* netinet/tcp.h: the TCP options (level IPPROTO_TCP) this kernel acts on, Linux's numbers. */
#ifndef _AXLIBC_NETINET_TCP_H
#define _AXLIBC_NETINET_TCP_H
#define TCP_NODELAY 1
#define TCP_KEEPIDLE 4  /* seconds idle before the first keep-alive probe */
#define TCP_KEEPINTVL 5 /* seconds between probes */
#define TCP_KEEPCNT 6   /* unanswered probes before the connection is dropped */
#endif
