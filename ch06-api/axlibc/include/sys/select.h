/* sys/select.h: select over at most FD_SETSIZE descriptors (FD_SET past it is refused). */
#ifndef _AXLIBC_SYS_SELECT_H
#define _AXLIBC_SYS_SELECT_H
#include <sys/time.h>
#ifdef __cplusplus
extern "C" {
#endif
#define FD_SETSIZE 1024
/** A set of descriptors, one bit each. */
typedef struct {
    unsigned long fds_bits[FD_SETSIZE / (8 * sizeof(unsigned long))]; /**< bit fd % 64 of word fd / 64. */
} fd_set;
#define __AX_FD_OK(fd) ((unsigned)(fd) < FD_SETSIZE)
#define FD_ZERO(s) __builtin_memset((s), 0, sizeof(fd_set))
#define FD_SET(fd, s) \
    ((void)(__AX_FD_OK(fd) && ((s)->fds_bits[(fd) / 64] |= 1ul << ((fd) % 64))))
#define FD_CLR(fd, s) \
    ((void)(__AX_FD_OK(fd) && ((s)->fds_bits[(fd) / 64] &= ~(1ul << ((fd) % 64)))))
#define FD_ISSET(fd, s) (__AX_FD_OK(fd) && ((s)->fds_bits[(fd) / 64] >> ((fd) % 64) & 1))
int select(int nfds, fd_set* rd, fd_set* wr, fd_set* ex, struct timeval* timeout);
#ifdef __cplusplus
}
#endif
#endif
