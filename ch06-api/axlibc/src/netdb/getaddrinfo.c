/* getaddrinfo: a node and a service to IPv4 socket addresses (netdb.h), as glibc answers for
 * AF_INET, within what this system has: no services database (a service is a decimal port),
 * no hosts file beyond "localhost", and one DNS answer per name, obtained through the resolve
 * hook (axlibc/hooks.h; the POSIX layer installs axnet's DNS client). Chapter 6,
 * "getaddrinfo". */
#include <arpa/inet.h>
#include <axlibc/hooks.h>
#include <errno.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>

#define KNOWN_FLAGS                                                                      \
    (AI_PASSIVE | AI_CANONNAME | AI_NUMERICHOST | AI_V4MAPPED | AI_ALL | AI_ADDRCONFIG | \
     AI_NUMERICSERV)

static __axlibc_resolve_hook resolve_hook;

__axlibc_resolve_hook __axlibc_set_resolve_hook(__axlibc_resolve_hook hook) {
    __axlibc_resolve_hook old = resolve_hook;
    resolve_hook = hook;
    return old;
}

/* One answer: the addrinfo, its address and (first answer only) the canonical name, in one
 * allocation, so that freeaddrinfo frees each entry with one free(). */
struct entry {
    struct addrinfo ai;
    struct sockaddr_in sin;
    char name[];
};

/* The service as a port (host byte order) in *port: null or "" is port 0 (as glibc); a
 * decimal number up to 65535. A number that is not a port (negative, too large) is
 * EAI_SERVICE; what is not a number is EAI_SERVICE too (there is no services database), or
 * EAI_NONAME under AI_NUMERICSERV. */
static int parse_service(const char* service, int flags, unsigned* port) {
    *port = 0;
    if (!service || !*service) return 0;
    const char* c = service + (*service == '-');
    int not_port = *service == '-';
    if (!*c) return flags & AI_NUMERICSERV ? EAI_NONAME : EAI_SERVICE;
    for (; *c; ++c) {
        if (*c < '0' || *c > '9') return flags & AI_NUMERICSERV ? EAI_NONAME : EAI_SERVICE;
        if (!not_port) *port = *port * 10 + (unsigned)(*c - '0');
        not_port |= *port > 65535;
    }
    return not_port ? EAI_SERVICE : 0;
}

/* The node as an address (network byte order) in *addr. */
static int resolve_node(const char* node, int flags, uint32_t* addr) {
    if (!node) {
        *addr = htonl(flags & AI_PASSIVE ? INADDR_ANY : INADDR_LOOPBACK);
        return 0;
    }
    if (inet_pton(AF_INET, node, addr) == 1) return 0;
    if (*node == '\0' || flags & AI_NUMERICHOST) return EAI_NONAME;
    if (strcmp(node, "localhost") == 0) { /* what every hosts file says */
        *addr = htonl(INADDR_LOOPBACK);
        return 0;
    }
    if (!resolve_hook) return EAI_FAIL;
    switch (resolve_hook(node, addr)) {
        case 0:
            return 0;
        case -ENOENT:
        case -EINVAL:
            return EAI_NONAME;
        case -ETIMEDOUT:
        case -EAGAIN:
            return EAI_AGAIN;
        case -ENOMEM:
            return EAI_MEMORY;
        default:
            return EAI_FAIL;
    }
}

/* Chapter 6, "getaddrinfo": check the hints as glibc does, then the service, then the node
 * (only now may DNS be asked), then one entry per socket type the hints allow. */
int getaddrinfo(const char* node, const char* service, const struct addrinfo* hints,
                struct addrinfo** res) {
    static const struct addrinfo none;
    const struct addrinfo* h = hints ? hints : &none;
    if (!node && !service) return EAI_NONAME;
    if (h->ai_flags & ~KNOWN_FLAGS || (h->ai_flags & AI_CANONNAME && !node)) return EAI_BADFLAGS;
    if (h->ai_family != AF_UNSPEC && h->ai_family != AF_INET) return EAI_FAMILY;
    unsigned port;
    int service_error = parse_service(service, h->ai_flags, &port);
    if (service_error == EAI_NONAME) return service_error; /* before the type, as glibc */
    if (h->ai_socktype != 0 && h->ai_socktype != SOCK_STREAM && h->ai_socktype != SOCK_DGRAM)
        return EAI_SOCKTYPE;

    /* The (type, protocol) pairs the hints allow, in glibc's order. */
    static const int kinds[2][2] = {{SOCK_STREAM, IPPROTO_TCP}, {SOCK_DGRAM, IPPROTO_UDP}};
    int allowed[2], count = 0;
    for (int k = 0; k < 2; ++k) {
        allowed[k] = (h->ai_socktype == 0 || h->ai_socktype == kinds[k][0]) &&
                     (h->ai_protocol == 0 || h->ai_protocol == kinds[k][1]);
        count += allowed[k];
    }
    if (count == 0) return h->ai_socktype ? EAI_SOCKTYPE : EAI_SERVICE;

    if (service_error) return service_error;
    uint32_t addr;
    int e = resolve_node(node, h->ai_flags, &addr);
    if (e) return e;

    size_t name_len = node && h->ai_flags & AI_CANONNAME ? strlen(node) + 1 : 0;
    struct addrinfo *head = 0, **tail = &head;
    for (int k = 0; k < 2; ++k) {
        if (!allowed[k]) continue;
        struct entry* en = calloc(1, sizeof *en + (head ? 0 : name_len));
        if (!en) {
            freeaddrinfo(head);
            return EAI_MEMORY;
        }
        en->sin.sin_family = AF_INET;
        en->sin.sin_port = htons((uint16_t)port);
        en->sin.sin_addr.s_addr = addr;
        en->ai.ai_family = AF_INET;
        en->ai.ai_socktype = kinds[k][0];
        en->ai.ai_protocol = kinds[k][1];
        en->ai.ai_addrlen = sizeof en->sin;
        en->ai.ai_addr = (struct sockaddr*)&en->sin;
        if (!head && name_len) {
            memcpy(en->name, node, name_len);
            en->ai.ai_canonname = en->name;
        }
        *tail = &en->ai;
        tail = &en->ai.ai_next;
    }
    *res = head;
    return 0;
}
