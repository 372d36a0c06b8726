/* unistd.h: descriptors (close, dup, dup2, read, write) and sleeping, over arceos_posix_api's
 * descriptor table. No processes: no fork, exec, getpid beyond a constant. */
#ifndef _AXLIBC_UNISTD_H
#define _AXLIBC_UNISTD_H
#include <sys/types.h>
#ifdef __cplusplus
extern "C" {
#endif
#define STDIN_FILENO 0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2
int close(int fd);
int dup(int fd);
int dup2(int oldfd, int newfd);
ssize_t read(int fd, void* buf, size_t len);
ssize_t write(int fd, const void* buf, size_t len);
unsigned sleep(unsigned seconds);
int usleep(unsigned usec);
#ifdef __cplusplus
}
#endif
#endif
