/* netdb.h: name-to-address translation, IPv4 only: getaddrinfo, freeaddrinfo, gai_strerror,
 * with Linux's (glibc's) numbers for the flags and the EAI_* error codes. A name that is not a
 * dotted quad is asked of axnet's DNS client (the server comes from the kernel command line,
 * dns=A.B.C.D[:PORT], or from DHCP). Chapter 6, "getaddrinfo". */
#ifndef _AXLIBC_NETDB_H
#define _AXLIBC_NETDB_H
#include <netinet/in.h>
#include <sys/socket.h>
#ifdef __cplusplus
extern "C" {
#endif

/** One answer of getaddrinfo: an address and the socket type and protocol it is for.
 *  The list and everything it points to belong to the caller until freeaddrinfo(). */
struct addrinfo {
    int ai_flags;             /**< AI_* flags (hints: what the caller asks for). */
    int ai_family;            /**< AF_INET (hints: AF_UNSPEC or AF_INET). */
    int ai_socktype;          /**< SOCK_STREAM or SOCK_DGRAM (hints: 0 for both). */
    int ai_protocol;          /**< IPPROTO_TCP or IPPROTO_UDP (hints: 0 for any). */
    socklen_t ai_addrlen;     /**< Size of *ai_addr (16, a struct sockaddr_in). */
    struct sockaddr* ai_addr; /**< The address and port (network byte order). */
    char* ai_canonname;       /**< With AI_CANONNAME, on the first answer: the name. */
    struct addrinfo* ai_next; /**< The next answer, or null. */
};

#define AI_PASSIVE 0x0001     /**< No node: the wildcard address 0.0.0.0 (to bind). */
#define AI_CANONNAME 0x0002   /**< Fill ai_canonname of the first answer. */
#define AI_NUMERICHOST 0x0004 /**< The node must be a dotted quad: never ask DNS. */
#define AI_V4MAPPED 0x0008    /**< Accepted; IPv6 only (no effect here). */
#define AI_ALL 0x0010         /**< Accepted; IPv6 only (no effect here). */
#define AI_ADDRCONFIG 0x0020  /**< Accepted; IPv4 is the only family configured here. */
#define AI_NUMERICSERV 0x0400 /**< The service must be a port number. */

#define EAI_BADFLAGS -1  /**< Unknown flags, or AI_CANONNAME without a node. */
#define EAI_NONAME -2    /**< The node or service is not known (or both are null). */
#define EAI_AGAIN -3     /**< The name server did not answer in time: try again later. */
#define EAI_FAIL -4      /**< Name resolution failed for good (no resolver here). */
#define EAI_FAMILY -6    /**< ai_family is not AF_UNSPEC or AF_INET. */
#define EAI_SOCKTYPE -7  /**< ai_socktype is not supported, or ai_protocol does not fit it. */
#define EAI_SERVICE -8   /**< The service is not a port number for this socket type. */
#define EAI_MEMORY -10   /**< Out of memory. */
#define EAI_SYSTEM -11   /**< A system error; errno says which. */
#define EAI_OVERFLOW -12 /**< A buffer was too small. */

/** Translates @p node (a dotted quad, a name, or null) and @p service (a decimal port, or
 *  null) into a list of socket addresses, filtered by @p hints (may be null: any type, no
 *  flags). A null node means 127.0.0.1, or 0.0.0.0 with AI_PASSIVE; "localhost" is
 *  127.0.0.1 without asking DNS. One answer per socket type: SOCK_STREAM/IPPROTO_TCP, then
 *  SOCK_DGRAM/IPPROTO_UDP. On success stores the list in *@p res (the caller frees it with
 *  freeaddrinfo) and returns 0; otherwise returns an EAI_* code and leaves *@p res alone. */
int getaddrinfo(const char* node, const char* service, const struct addrinfo* hints,
                struct addrinfo** res);
/** Frees a list returned by getaddrinfo (every entry and what it points to); null is allowed. */
void freeaddrinfo(struct addrinfo* res);
/** A text for an EAI_* code (a static string, never null). */
const char* gai_strerror(int code);

#ifdef __cplusplus
}
#endif
#endif
