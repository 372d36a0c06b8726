// axnet/src/dns.cpp: dns_query (ArceOS ax_dns_query) over lwIP's DNS client. lwIP has no way
// to cancel a lookup, so the state the callback writes is freed by whichever of the waiter and
// the callback finishes last. lwIP reports "no such name" and "no answer" alike (a null
// address); which one it was shows in where the callback comes from: a received answer, or
// the DNS timer giving up. Chapter 5, 4.8.
#include <new>

#include "internal.h"
#include "lwip/dns.h"

namespace axnet {

namespace {

constexpr size_t kMaxName = 255;

struct Lookup {
    axtask::WaitQueue wq;
    bool done = false;
    bool found = false;
    bool unanswered = false;  // lwIP gave up: the server never answered
    bool abandoned = false;   // the waiter gave up: the callback frees the lookup
    Ipv4Addr addr;
    char name[kMaxName + 1];
};

void on_found(const char*, const ip_addr_t* addr, void* arg) {
    auto* l = static_cast<Lookup*>(arg);
    if (l->abandoned) {
        delete l;
        return;
    }
    l->done = true;
    if (addr) {
        l->found = true;
        l->addr = detail::from_lwip(*ip_2_ip4(addr));
    } else {
        l->unanswered = detail::in_timers();  // dns_check_entry after its last retry
    }
    l->wq.notify_all();
}

}  // namespace

AxResult<Ipv4Addr> dns_query(std::string_view name, uint64_t timeout_ns) {
    if (name.empty() || name.size() > kMaxName) return AxError::InvalidInput;
    Ipv4Addr a;
    if (Ipv4Addr::parse(name, a)) return a;
    auto* l = new (std::nothrow) Lookup;
    if (!l) return AxError::NoMemory;
    for (size_t i = 0; i < name.size(); ++i) l->name[i] = name[i];
    l->name[name.size()] = '\0';
    ip_addr_t out;
    err_t e = dns_gethostbyname(l->name, &out, on_found, l);
    if (e == ERR_OK) {  // a cached answer: no callback comes
        delete l;
        return detail::from_lwip(*ip_2_ip4(&out));
    }
    if (e != ERR_INPROGRESS) {
        delete l;
        return e == ERR_ARG ? AxError::InvalidInput : AxError::NoMemory;
    }
    uint64_t deadline = detail::deadline_after(timeout_ns);
    while (!l->done) {
        if (!l->wq.wait_until(deadline) && !l->done) {
            l->abandoned =
                true;  // lwIP still calls on_found later (at the latest when it gives up)
            return AxError::TimedOut;
        }
    }
    AxResult<Ipv4Addr> r = l->found        ? AxResult<Ipv4Addr>(l->addr)
                           : l->unanswered ? AxResult<Ipv4Addr>(AxError::TimedOut)
                                           : AxResult<Ipv4Addr>(AxError::NotFound);
    delete l;
    return r;
}

}  // namespace axnet
