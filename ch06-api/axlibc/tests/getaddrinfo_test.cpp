// axlibc/tests/getaddrinfo_test.cpp: getaddrinfo against glibc's on numeric hosts, null hosts,
// services and hints (glibc's own struct addrinfo and constants are handed to axlibc, so the
// layout and the numbers are checked too); names through a resolve hook the test installs;
// the differences from glibc that chapter 6 lists; gai_strerror.
#include <arpa/inet.h>
#include <netdb.h>

#include <catch2/catch_test_macros.hpp>
#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "axlibc_host.h"

namespace {

// One answer as text: "type/protocol address:port [canonname]".
std::vector<std::string> describe(const addrinfo* ai, bool inet_only) {
    std::vector<std::string> out;
    for (; ai; ai = ai->ai_next) {
        if (inet_only && (ai->ai_family != AF_INET || ai->ai_socktype > SOCK_DGRAM)) continue;
        REQUIRE(ai->ai_family == AF_INET);
        REQUIRE(ai->ai_addrlen == sizeof(sockaddr_in));
        const auto* sin = reinterpret_cast<const sockaddr_in*>(ai->ai_addr);
        REQUIRE(sin->sin_family == AF_INET);
        char text[INET_ADDRSTRLEN];
        inet_ntop(AF_INET, &sin->sin_addr, text, sizeof text);
        out.push_back(std::to_string(ai->ai_socktype) + "/" + std::to_string(ai->ai_protocol) +
                      " " + text + ":" + std::to_string(ntohs(sin->sin_port)) +
                      (ai->ai_canonname ? std::string(" ") + ai->ai_canonname : ""));
    }
    return out;
}

struct Answer {
    int code;
    std::vector<std::string> list;
};

Answer ours(const char* node, const char* service, const addrinfo* hints) {
    addrinfo* res = nullptr;
    int code = axlibc_getaddrinfo(node, service, hints, &res);
    Answer a{code, code == 0 ? describe(res, false) : std::vector<std::string>{}};
    if (code == 0) axlibc_freeaddrinfo(res);
    return a;
}

// glibc's answer with what this system has no counterpart for left out (IPv6, SOCK_RAW).
Answer glibcs(const char* node, const char* service, const addrinfo* hints) {
    addrinfo* res = nullptr;
    int code = getaddrinfo(node, service, hints, &res);
    Answer a{code, code == 0 ? describe(res, true) : std::vector<std::string>{}};
    if (code == 0) freeaddrinfo(res);
    return a;
}

// glibc's answer for "localhost", as it would be on any machine. glibc itself reads the name
// from the machine's /etc/hosts and name services, which vary: a Debian 13 root lists it twice
// (each address answered twice), a bare Debian 12 root has no /etc/hosts (EAI_NONAME), and the
// canonical name is the machine's. axlibc answers localhost as 127.0.0.1 without asking
// (chapter 6, 10.8), so the reference is glibc's answer for "127.0.0.1" without its canonical
// name, and EAI_NONAME where AI_NUMERICHOST forbids a name.
Answer glibcs_localhost(const char* service, addrinfo hints) {
    Answer b = glibcs("127.0.0.1", service, &hints);
    if (b.code == 0 && (hints.ai_flags & AI_NUMERICHOST)) return Answer{EAI_NONAME, {}};
    for (auto& e : b.list) e = e.substr(0, e.find(' ', e.find(' ') + 1));
    return b;
}

// Our answer's entries without canonical names.
void drop_canonical_names(Answer& a) {
    for (auto& e : a.list) e = e.substr(0, e.find(' ', e.find(' ') + 1));
}

addrinfo make_hints(int flags, int family = AF_UNSPEC, int type = 0, int protocol = 0) {
    addrinfo h{};
    h.ai_flags = flags;
    h.ai_family = family;
    h.ai_socktype = type;
    h.ai_protocol = protocol;
    return h;
}

// The fake name server behind the resolve hook.
int resolve_calls;
int fake_resolve(const char* name, uint32_t* addr) {
    ++resolve_calls;
    if (std::strcmp(name, "www.axnet.test") == 0)
        return inet_pton(AF_INET, "10.0.2.2", addr) == 1 ? 0 : -EINVAL;
    if (std::strcmp(name, "slow.test") == 0) return -ETIMEDOUT;
    if (std::strcmp(name, "big.test") == 0) return -ENOMEM;
    if (std::strcmp(name, "odd.test") == 0) return -EIO;
    return -ENOENT;
}

struct FakeResolver {
    __axlibc_resolve_hook old;
    FakeResolver() : old(__axlibc_set_resolve_hook(fake_resolve)) { resolve_calls = 0; }
    ~FakeResolver() { __axlibc_set_resolve_hook(old); }
};

}  // namespace

TEST_CASE("getaddrinfo agrees with glibc on numeric hosts, null hosts, services and hints") {
    const char* nodes[] = {"10.0.2.2", "127.0.0.1", "0.0.0.0",  "255.255.255.255",
                           nullptr,    "",          "localhost"};
    const char* services[] = {"80", "0", "65535", nullptr, "", "80x", "-1", "0x10"};
    const int flag_sets[] = {0,
                             AI_PASSIVE,
                             AI_CANONNAME,
                             AI_NUMERICHOST,
                             AI_NUMERICSERV,
                             AI_PASSIVE | AI_NUMERICHOST | AI_NUMERICSERV,
                             AI_ADDRCONFIG | AI_V4MAPPED | AI_ALL,
                             0x8000};
    const int families[] = {AF_UNSPEC, AF_INET, 99};
    const int types[][2] = {{0, 0},
                            {SOCK_STREAM, 0},
                            {SOCK_DGRAM, 0},
                            {0, IPPROTO_TCP},
                            {0, IPPROTO_UDP},
                            {SOCK_STREAM, IPPROTO_TCP},
                            {SOCK_STREAM, IPPROTO_UDP},
                            {SOCK_DGRAM, IPPROTO_TCP},
                            {99, 0}};
    int compared = 0;
    for (const char* node : nodes)
        for (const char* service : services)
            for (int flags : flag_sets)
                for (int family : families)
                    for (const auto& t : types) {
                        addrinfo h = make_hints(flags, family, t[0], t[1]);
                        Answer a = ours(node, service, &h);
                        Answer b = node && std::strcmp(node, "localhost") == 0
                                       ? glibcs_localhost(service, h)
                                       : glibcs(node, service, &h);
                        if (node && std::strcmp(node, "localhost") == 0) drop_canonical_names(a);
                        INFO("node " << (node ? node : "(null)") << " service "
                                     << (service ? service : "(null)") << " flags " << flags
                                     << " family " << family << " type " << t[0] << "/" << t[1]);
                        CHECK(a.code == b.code);
                        CHECK(a.list == b.list);
                        ++compared;
                    }
    CHECK(compared == 7 * 8 * 8 * 3 * 9);
    // No hints at all is hints of zeros.
    CHECK(ours("10.0.2.2", "8080", nullptr).list == glibcs("10.0.2.2", "8080", nullptr).list);
    CHECK(ours(nullptr, nullptr, nullptr).code == glibcs(nullptr, nullptr, nullptr).code);
}

TEST_CASE("getaddrinfo: names go to the resolver, after the hints are checked") {
    FakeResolver fake;
    addrinfo h = make_hints(AI_CANONNAME, AF_INET, SOCK_STREAM);
    Answer a = ours("www.axnet.test", "8080", &h);
    CHECK(a.code == 0);
    CHECK(a.list == std::vector<std::string>{"1/6 10.0.2.2:8080 www.axnet.test"});
    CHECK(resolve_calls == 1);
    CHECK(ours("www.axnet.test", nullptr, nullptr).list ==
          std::vector<std::string>{"1/6 10.0.2.2:0", "2/17 10.0.2.2:0"});

    // What the resolver says becomes the EAI code glibc gives for the same situation.
    CHECK(ours("nowhere.test", "80", nullptr).code == EAI_NONAME);
    CHECK(ours("slow.test", "80", nullptr).code == EAI_AGAIN);
    CHECK(ours("big.test", "80", nullptr).code == EAI_MEMORY);
    CHECK(ours("odd.test", "80", nullptr).code == EAI_FAIL);

    // Never asked: numeric hosts, "localhost", AI_NUMERICHOST, and any call whose hints or
    // service are already wrong.
    resolve_calls = 0;
    CHECK(ours("10.0.2.2", "80", nullptr).code == 0);
    CHECK(ours("localhost", "80", nullptr).list[0] == "1/6 127.0.0.1:80");
    h = make_hints(AI_NUMERICHOST);
    CHECK(ours("www.axnet.test", "80", &h).code == EAI_NONAME);
    h = make_hints(0x8000);
    CHECK(ours("www.axnet.test", "80", &h).code == EAI_BADFLAGS);
    h = make_hints(0, AF_INET6);
    CHECK(ours("www.axnet.test", "80", &h).code == EAI_FAMILY);
    CHECK(ours("www.axnet.test", "http", nullptr).code == EAI_SERVICE);
    CHECK(resolve_calls == 0);
}

TEST_CASE("getaddrinfo: without a resolver a name fails for good") {
    __axlibc_resolve_hook old = __axlibc_set_resolve_hook(nullptr);
    CHECK(ours("www.axnet.test", "80", nullptr).code == EAI_FAIL);
    CHECK(ours("10.0.2.2", "80", nullptr).code == 0);
    __axlibc_set_resolve_hook(old);
}

TEST_CASE("getaddrinfo: where it differs from glibc, on purpose") {
    // No services database: a service is a decimal port (glibc: "http" is 80 for TCP).
    CHECK(ours("10.0.2.2", "http", nullptr).code == EAI_SERVICE);
    addrinfo h = make_hints(AI_NUMERICSERV);
    CHECK(ours("10.0.2.2", "http", &h).code == EAI_NONAME);  // as glibc
    // Strict decimal: glibc's strtoul takes " 80" and wraps 65536 to port 0.
    CHECK(ours("10.0.2.2", " 80", nullptr).code == EAI_SERVICE);
    CHECK(ours("10.0.2.2", "65536", nullptr).code == EAI_SERVICE);
    // Dotted quads only: glibc also takes inet_aton's "127.1".
    h = make_hints(AI_NUMERICHOST);
    CHECK(ours("127.1", "80", &h).code == EAI_NONAME);
    // IPv4 and TCP/UDP only: no AF_INET6 (glibc: an IPv4 text under AF_INET6 is
    // EAI_ADDRFAMILY), no SOCK_RAW or SOCK_SEQPACKET.
    h = make_hints(0, AF_INET6);
    CHECK(ours("10.0.2.2", "80", &h).code == EAI_FAMILY);
    h = make_hints(0, AF_UNSPEC, SOCK_RAW);
    CHECK(ours("10.0.2.2", nullptr, &h).code == EAI_SOCKTYPE);
    h = make_hints(0, AF_UNSPEC, SOCK_SEQPACKET);
    CHECK(ours("10.0.2.2", "80", &h).code == EAI_SOCKTYPE);
}

TEST_CASE("gai_strerror: a distinct text for every code, and one for unknown codes") {
    const int codes[] = {EAI_BADFLAGS, EAI_NONAME,  EAI_AGAIN,  EAI_FAIL,   EAI_FAMILY,
                         EAI_SOCKTYPE, EAI_SERVICE, EAI_MEMORY, EAI_SYSTEM, EAI_OVERFLOW};
    std::vector<std::string> seen;
    for (int c : codes) {
        std::string text = axlibc_gai_strerror(c);
        INFO(c << ": " << text << " (glibc: " << gai_strerror(c) << ")");
        CHECK(!text.empty());
        CHECK(text != axlibc_gai_strerror(12345));
        for (const std::string& s : seen) CHECK(s != text);
        seen.push_back(text);
    }
    CHECK(std::string(axlibc_gai_strerror(0)) == "Success");
}
