/* getaddrinfo_cases.c: getaddrinfo's answers and EAI_* errors, asserted by one C program
 * against a real name server. Built unchanged for Linux (glibc's resolver) and for this kernel
 * (axlibc over axnet's DNS client); the test runs both against the same DNS server, and both
 * must pass every case. Prints one line per failure and "getaddrinfo_cases: P passed, F
 * failed"; exits with F != 0.
 *
 * Environment (on the kernel: the command line):
 *   GAI_NAME      a name the DNS server knows (default www.axnet.test)
 *   GAI_ADDR      the address it answers for it (default 10.0.2.2)
 *   GAI_MISSING   a name it answers "no such name" for (default nowhere.axnet.test)
 *   GAI_SILENT    a name it never answers (default silent.axnet.test): EAI_AGAIN, "try again",
 *                 once the resolver gives up (glibc: after its timeout and attempts, see
 *                 RES_OPTIONS in resolv.conf(5); this kernel: after about 4 s) */
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

static int passed, failed;

static const char* env_or(const char* name, const char* fallback) {
    const char* v = getenv(name);
    return v && *v ? v : fallback;
}

static struct addrinfo hints_of(int flags, int family, int type, int protocol) {
    struct addrinfo h;
    memset(&h, 0, sizeof h);
    h.ai_flags = flags;
    h.ai_family = family;
    h.ai_socktype = type;
    h.ai_protocol = protocol;
    return h;
}

/* Checks that getaddrinfo fails with @p want. */
static void expect_error(const char* what, const char* node, const char* service, struct addrinfo h,
                         int want) {
    struct addrinfo* res = NULL;
    int got = getaddrinfo(node, service, &h, &res);
    if (got == want) {
        ++passed;
    } else {
        ++failed;
        printf("FAIL %s: %d (%s), want %d (%s)\n", what, got, gai_strerror(got), want,
               gai_strerror(want));
    }
    if (got == 0) freeaddrinfo(res);
}

/* Checks that getaddrinfo succeeds with exactly one answer of type @p type, protocol
 * @p protocol, address @p addr and port @p port among its AF_INET answers (and none of
 * another family, which IPv6 would be), and the canonical name @p canon if not null. With
 * @p repeats_ok, the same answer may come more than once: glibc repeats an address that the
 * machine's /etc/hosts lists twice for a name (a fresh Debian 13 root does, for localhost). */
static void check_answer(const char* what, const char* node, const char* service, struct addrinfo h,
                         int type, int protocol, const char* addr, int port, const char* canon,
                         int repeats_ok) {
    struct addrinfo* res = NULL;
    int e = getaddrinfo(node, service, &h, &res);
    if (e != 0) {
        ++failed;
        printf("FAIL %s: %d (%s), want an answer\n", what, e, gai_strerror(e));
        return;
    }
    int matches = 0, others = 0;
    char text[INET_ADDRSTRLEN] = "";
    for (struct addrinfo* ai = res; ai; ai = ai->ai_next) {
        if (ai->ai_family != AF_INET || ai->ai_addrlen != sizeof(struct sockaddr_in)) {
            ++others;
            continue;
        }
        struct sockaddr_in* sin = (struct sockaddr_in*)ai->ai_addr;
        inet_ntop(AF_INET, &sin->sin_addr, text, sizeof text);
        if (ai->ai_socktype == type && ai->ai_protocol == protocol && strcmp(text, addr) == 0 &&
            ntohs(sin->sin_port) == port)
            ++matches;
    }
    const char* got_canon = res->ai_canonname;
    int canon_ok = !canon || (got_canon && strcmp(got_canon, canon) == 0);
    if ((matches == 1 || (repeats_ok && matches > 1)) && others == 0 && canon_ok) {
        ++passed;
    } else {
        ++failed;
        printf(
            "FAIL %s: %d matching answers, %d of another family, last address %s, "
            "canonical name %s\n",
            what, matches, others, text, got_canon ? got_canon : "(none)");
    }
    freeaddrinfo(res);
}

static void expect_answer(const char* what, const char* node, const char* service,
                          struct addrinfo h, int type, int protocol, const char* addr, int port,
                          const char* canon) {
    check_answer(what, node, service, h, type, protocol, addr, port, canon, 0);
}

int main(void) {
    const char* name = env_or("GAI_NAME", "www.axnet.test");
    const char* addr = env_or("GAI_ADDR", "10.0.2.2");
    const char* missing = env_or("GAI_MISSING", "nowhere.axnet.test");
    const char* silent = env_or("GAI_SILENT", "silent.axnet.test");
    const int tcp = IPPROTO_TCP, udp = IPPROTO_UDP;

    /* Numeric hosts and null hosts: no name server asked. */
    expect_answer("numeric host", "10.0.2.2", "80", hints_of(0, AF_INET, SOCK_STREAM, 0),
                  SOCK_STREAM, tcp, "10.0.2.2", 80, NULL);
    expect_answer("numeric host, UDP", "192.0.2.1", "53", hints_of(AI_NUMERICHOST, 0, 0, udp),
                  SOCK_DGRAM, udp, "192.0.2.1", 53, NULL);
    expect_answer("null host, passive", NULL, "8080", hints_of(AI_PASSIVE, AF_INET, SOCK_STREAM, 0),
                  SOCK_STREAM, tcp, "0.0.0.0", 8080, NULL);
    expect_answer("null host, active", NULL, "8080", hints_of(0, AF_INET, SOCK_DGRAM, 0),
                  SOCK_DGRAM, udp, "127.0.0.1", 8080, NULL);
    expect_answer("no service", "10.0.2.2", NULL, hints_of(0, AF_INET, SOCK_DGRAM, 0), SOCK_DGRAM,
                  udp, "10.0.2.2", 0, NULL);
    expect_answer("canonical name of a number", "10.0.2.2", "1",
                  hints_of(AI_CANONNAME, AF_INET, SOCK_STREAM, 0), SOCK_STREAM, tcp, "10.0.2.2", 1,
                  "10.0.2.2");
    check_answer("localhost", "localhost", "7", hints_of(0, AF_INET, SOCK_STREAM, 0), SOCK_STREAM,
                 tcp, "127.0.0.1", 7, NULL, 1);

    /* Names: through the DNS server the test runs. */
    expect_answer("a name, TCP", name, "80", hints_of(0, AF_INET, SOCK_STREAM, 0), SOCK_STREAM, tcp,
                  addr, 80, NULL);
    expect_answer("a name, UDP, canonical name", name, "5353",
                  hints_of(AI_CANONNAME, AF_INET, SOCK_DGRAM, 0), SOCK_DGRAM, udp, addr, 5353,
                  name);
    expect_answer("a name, any family and type: the TCP answer", name, "443",
                  hints_of(0, AF_UNSPEC, 0, 0), SOCK_STREAM, tcp, addr, 443, NULL);
    expect_answer("a name, any family and type: the UDP answer", name, "443",
                  hints_of(0, AF_UNSPEC, 0, 0), SOCK_DGRAM, udp, addr, 443, NULL);
    expect_error("an unknown name", missing, "80", hints_of(0, AF_INET, SOCK_STREAM, 0),
                 EAI_NONAME);
    expect_error("a name the server never answers", silent, "80",
                 hints_of(0, AF_INET, SOCK_STREAM, 0), EAI_AGAIN);
    expect_error("a name under AI_NUMERICHOST", name, "80",
                 hints_of(AI_NUMERICHOST, AF_INET, SOCK_STREAM, 0), EAI_NONAME);

    /* Errors decided before any lookup. */
    expect_error("null host and service", NULL, NULL, hints_of(0, 0, 0, 0), EAI_NONAME);
    expect_error("empty host", "", "80", hints_of(0, 0, 0, 0), EAI_NONAME);
    expect_error("unknown flag", name, "80", hints_of(0x8000, 0, 0, 0), EAI_BADFLAGS);
    expect_error("AI_CANONNAME without a host", NULL, "80", hints_of(AI_CANONNAME, 0, 0, 0),
                 EAI_BADFLAGS);
    expect_error("unknown family", name, "80", hints_of(0, 99, 0, 0), EAI_FAMILY);
    expect_error("unknown socket type", "10.0.2.2", "80", hints_of(0, 0, 99, 0), EAI_SOCKTYPE);
    expect_error("TCP socket, UDP protocol", "10.0.2.2", "80",
                 hints_of(0, 0, SOCK_STREAM, IPPROTO_UDP), EAI_SOCKTYPE);
    expect_error("a named service under AI_NUMERICSERV", "10.0.2.2", "http",
                 hints_of(AI_NUMERICSERV, 0, 0, 0), EAI_NONAME);
    expect_error("a negative port", "10.0.2.2", "-1", hints_of(0, 0, 0, 0), EAI_SERVICE);
    expect_error("not a port", "10.0.2.2", "80x", hints_of(0, 0, 0, 0), EAI_SERVICE);

    if (strcmp(gai_strerror(EAI_NONAME), gai_strerror(EAI_AGAIN)) != 0) {
        ++passed;
    } else {
        ++failed;
        printf("FAIL gai_strerror gives EAI_NONAME and EAI_AGAIN the same text\n");
    }
    printf("getaddrinfo_cases: %d passed, %d failed\n", passed, failed);
    return failed != 0;
}
