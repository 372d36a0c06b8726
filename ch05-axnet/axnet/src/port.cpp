// axnet/src/port.cpp: what lwIP asks of its platform (arch/cc.h and NO_SYS's sys_now()):
// the millisecond clock from axtask's monotonic clock, assertions as panics, a random number
// generator, the source-routing hook; in the kernel, the few C library functions lwIP calls that
// the kernel's runtime does not define. Chapter 5, 3.2.
#include <axlog/log.h>
#include <axlog/panic.h>
#include <axtask/axtask.h>

#include "lwip/netif.h"
#include "lwip/sys.h"

extern "C" {

// lwIP's clock: milliseconds, wrapping at 2^32 (timeouts.c compares with TIME_LESS_THAN).
u32_t sys_now(void) {
    return u32_t(axtask::now_ns() / 1000000);
}

void ax_lwip_assert(const char* msg, const char* file, int line) {
    axlog::error("lwip: assertion failed at {}:{}: {}", file, line, msg);
    AX_PANIC("lwIP assertion failed");
}

// xorshift64*, seeded from the clock on first use: source ports, DNS ids and the DHCP xid
// only need to differ between boots and be hard to guess from outside; not cryptographic.
uint32_t ax_lwip_rand(void) {
    static uint64_t state;
    if (state == 0) state = axtask::now_ns() * 0x9e3779b97f4a7c15ull | 1;
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return uint32_t((state * 0x2545f4914f6cdd1dull) >> 32);
}

struct netif* ax_lwip_route_src(const ip4_addr_t* src, const ip4_addr_t* dest) {
    if (!src || ip4_addr_isany(src) || ip4_addr_isloopback(dest)) return nullptr;
    struct netif* n;
    NETIF_FOREACH(n) {
        if (netif_is_up(n) && ip4_addr_cmp(src, netif_ip4_addr(n))) return n;
    }
    return nullptr;
}

}  // extern "C"
