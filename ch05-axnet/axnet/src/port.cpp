// axnet/src/port.cpp: what lwIP asks of its platform (arch/cc.h and NO_SYS's sys_now()):
// the millisecond clock from axtask's monotonic clock, assertions as panics, a random number
// generator, the source-routing hook; in the kernel, the few C library functions lwIP calls that
// the kernel's runtime does not define. Chapter 5, 3.2.
#include <axlog/log.h>
#include <axlog/panic.h>
#include <axtask/axtask.h>

#include "internal.h"
#include "lwip/init.h"
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
static uint32_t xorshift_draw() {
    static uint64_t state;
    if (state == 0) state = axtask::now_ns() * 0x9e3779b97f4a7c15ull | 1;
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return uint32_t((state * 0x2545f4914f6cdd1dull) >> 32);
}

static uint32_t (*g_draw)() = xorshift_draw;  // a test may replace it: set_rand_for_test
static bool g_in_lwip_init = false;             // init_lwip() is running lwip_init()

uint32_t ax_lwip_rand(void) {
    uint32_t r = g_draw();
    // lwIP 2.1.3's tcp_init() starts the ephemeral ports at 0xc000 + (r & 0x3fff), and
    // tcp_new_port() steps the port before comparing it with the range's end, 0xffff: from a
    // start of 0xffff it wraps to 0, and the first bind to port 0 (or connect from an unbound
    // socket) fails with ERR_BUF, in one boot of 16384. So the draws lwip_init() makes (the
    // first UDP and TCP ports) never end in 0x3fff.
    if (g_in_lwip_init && (r & 0x3fff) == 0x3fff) r &= ~1u;
    return r;
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

namespace axnet::detail {

void init_lwip() {
    g_in_lwip_init = true;
    lwip_init();
    g_in_lwip_init = false;
}

void set_rand_for_test(uint32_t (*draw)()) {
    g_draw = draw ? draw : xorshift_draw;
}

}  // namespace axnet::detail
