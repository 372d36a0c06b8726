/* sys/uio.h: struct iovec, readv, writev. */
#ifndef _AXLIBC_SYS_UIO_H
#define _AXLIBC_SYS_UIO_H
#include <sys/types.h>
#ifdef __cplusplus
extern "C" {
#endif
/** One buffer of a scatter/gather list (borrowed for the call). */
struct iovec {
    void* iov_base; /**< the buffer (borrowed for the call). */
    size_t iov_len; /**< its length. */
};
ssize_t readv(int fd, const struct iovec* iov, int iovcnt);
ssize_t writev(int fd, const struct iovec* iov, int iovcnt);
#ifdef __cplusplus
}
#endif
#endif
