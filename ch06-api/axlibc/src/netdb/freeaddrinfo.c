/* freeaddrinfo: frees getaddrinfo's list. Each entry is one allocation holding the addrinfo,
 * its sockaddr_in and (first entry only) the canonical name (getaddrinfo.c). */
#include <netdb.h>
#include <stdlib.h>

void freeaddrinfo(struct addrinfo* res) {
    while (res) {
        struct addrinfo* next = res->ai_next;
        free(res);
        res = next;
    }
}
