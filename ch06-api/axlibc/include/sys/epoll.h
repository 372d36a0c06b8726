/* sys/epoll.h: epoll with level- and edge-triggered entries and EPOLLONESHOT. */
#ifndef _AXLIBC_SYS_EPOLL_H
#define _AXLIBC_SYS_EPOLL_H
#include <stdint.h>
#ifdef __cplusplus
extern "C" {
#endif
#define EPOLLIN 0x001u
#define EPOLLPRI 0x002u
#define EPOLLOUT 0x004u
#define EPOLLERR 0x008u
#define EPOLLHUP 0x010u
#define EPOLLRDHUP 0x2000u
#define EPOLLONESHOT (1u << 30)
#define EPOLLET (1u << 31)
#define EPOLL_CTL_ADD 1
#define EPOLL_CTL_DEL 2
#define EPOLL_CTL_MOD 3
#define EPOLL_CLOEXEC 02000000
/** The caller's data of an entry. */
typedef union epoll_data {
    void* ptr; /**< a pointer. */
    int fd; /**< a descriptor. */
    uint32_t u32; /**< 32 bits. */
    uint64_t u64; /**< 64 bits. */
} epoll_data_t;
/** An event (packed on x86_64, as Linux's). */
struct epoll_event {
    uint32_t events; /**< EPOLL* bits. */
    epoll_data_t data; /**< the caller's data, returned as given. */
} __attribute__((packed));
int epoll_create(int size);
int epoll_create1(int flags);
int epoll_ctl(int epfd, int op, int fd, struct epoll_event* ev);
int epoll_wait(int epfd, struct epoll_event* events, int maxevents, int timeout_ms);
#ifdef __cplusplus
}
#endif
#endif
