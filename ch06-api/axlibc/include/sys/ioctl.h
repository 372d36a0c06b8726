/* sys/ioctl.h: ioctl with FIONBIO and FIONREAD (int* argument); others ENOTTY. */
#ifndef _AXLIBC_SYS_IOCTL_H
#define _AXLIBC_SYS_IOCTL_H
#ifdef __cplusplus
extern "C" {
#endif
#define FIONREAD 0x541B
#define FIONBIO 0x5421
int ioctl(int fd, unsigned long request, ...);
#ifdef __cplusplus
}
#endif
#endif
