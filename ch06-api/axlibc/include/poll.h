/* poll.h: poll, blocking on the network stack's wake-ups (no busy polling). */
#ifndef _AXLIBC_POLL_H
#define _AXLIBC_POLL_H
#ifdef __cplusplus
extern "C" {
#endif
/** One descriptor to watch. */
struct pollfd {
    int fd;        /**< the descriptor (negative: ignored). */
    short events;  /**< POLL* bits asked for. */
    short revents; /**< POLL* bits returned. */
};
typedef unsigned long nfds_t;
#define POLLIN 0x001
#define POLLPRI 0x002
#define POLLOUT 0x004
#define POLLERR 0x008
#define POLLHUP 0x010
#define POLLNVAL 0x020
/* The peer shut down writing, or this side reading (Linux; glibc with _GNU_SOURCE). */
#define POLLRDHUP 0x2000
int poll(struct pollfd* fds, nfds_t nfds, int timeout_ms);
#ifdef __cplusplus
}
#endif
#endif
