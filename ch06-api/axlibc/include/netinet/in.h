/* netinet/in.h: IPv4 addresses and byte order (x86_64 is little-endian). */
#ifndef _AXLIBC_NETINET_IN_H
#define _AXLIBC_NETINET_IN_H
#include <stdint.h>
#include <sys/socket.h>
#ifdef __cplusplus
extern "C" {
#endif
typedef uint16_t in_port_t;
typedef uint32_t in_addr_t;
/** An IPv4 address, network byte order. */
struct in_addr {
    in_addr_t s_addr; /**< the address, network byte order. */
};
/** An IPv4 socket address (16 bytes). */
struct sockaddr_in {
    sa_family_t sin_family; /**< AF_INET. */
    in_port_t sin_port; /**< the port, network byte order. */
    struct in_addr sin_addr; /**< the address. */
    unsigned char sin_zero[8]; /**< padding to 16 bytes. */
};
#define IPPROTO_IP 0
#define IPPROTO_TCP 6
#define IPPROTO_UDP 17
#define INADDR_ANY ((in_addr_t)0x00000000)
#define INADDR_LOOPBACK ((in_addr_t)0x7f000001)
#define INADDR_NONE ((in_addr_t)0xffffffff)
#define INET_ADDRSTRLEN 16
static inline uint16_t htons(uint16_t v) { return (uint16_t)(v << 8 | v >> 8); }
static inline uint16_t ntohs(uint16_t v) { return htons(v); }
static inline uint32_t htonl(uint32_t v) { return __builtin_bswap32(v); }
static inline uint32_t ntohl(uint32_t v) { return __builtin_bswap32(v); }
#ifdef __cplusplus
}
#endif
#endif
