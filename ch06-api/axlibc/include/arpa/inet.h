/* arpa/inet.h: inet_pton and inet_ntop (AF_INET only; AF_INET6 is EAFNOSUPPORT). */
#ifndef _AXLIBC_ARPA_INET_H
#define _AXLIBC_ARPA_INET_H
#include <netinet/in.h>
#ifdef __cplusplus
extern "C" {
#endif
/** Parses dotted-quad @p src into @p dst (4 bytes): 1, 0 (not an address), -1 (family). */
int inet_pton(int af, const char* src, void* dst);
/** Writes @p src (4 bytes) as text into @p dst (@p size bytes); null and ENOSPC if short. */
const char* inet_ntop(int af, const void* src, char* dst, socklen_t size);
#ifdef __cplusplus
}
#endif
#endif
