// axnet/src/internal.h: what axnet's source files share and nobody else sees: lwIP's headers,
// conversions between axnet's and lwIP's address types, lwIP's err_t as an AxError, the
// counters, and the one blocking wrapper every socket call waits through.
#pragma once
#include <axnet/axnet.h>
#include <axtask/axtask.h>

#include "lwip/err.h"
#include "lwip/ip4_addr.h"

namespace axnet::detail {

/// Counters shared by the netif and the sockets (axnet::counters() returns a copy).
extern Counters g_counters;

/// lwIP's address type from ours, and back.
inline ip4_addr_t to_lwip(Ipv4Addr a) {
    ip4_addr_t r;
    r.addr = a.be;
    return r;
}
inline Ipv4Addr from_lwip(const ip4_addr_t& a) {
    return Ipv4Addr{a.addr};
}

/// The POSIX meaning of an lwIP error returned by a call (not from the err callback).
AxError error_from(err_t e);

/// lwip_init(), with the random draws it makes kept off the one start of lwIP 2.1.3's
/// ephemeral TCP ports that wraps to port 0 (port.cpp, ax_lwip_rand).
void init_lwip();

/// For a test: lwIP's random numbers come from @p draw from now on (nullptr: the generator).
void set_rand_for_test(uint32_t (*draw)());

/// True while poll_interfaces() runs lwIP's timers: a callback lwIP makes now comes from a
/// timer (the DNS client giving up after its retries), not from a received frame.
bool in_timers();

/// The monotonic deadline @p timeout_ns from now (UINT64_MAX: none).
inline uint64_t deadline_after(uint64_t timeout_ns) {
    uint64_t now = axtask::now_ns();
    return timeout_ns >= UINT64_MAX - now ? UINT64_MAX : now + timeout_ns;
}

/// The one blocking policy (ArceOS axnet's block_on): try @p attempt; while it says "not yet"
/// (WouldBlock), return WouldBlock if @p nonblocking, else wait on @p wq (a callback of the
/// socket notifies it) until @p deadline_ns (then TimedOut). The idle loop polls the NICs
/// while the task waits. Lost wake-ups cannot happen: tasks are cooperative and callbacks run
/// only in poll_interfaces(), never between the attempt and the wait.
template <class T, class F>
axerrno::AxResult<T> block_on(axtask::WaitQueue& wq, bool nonblocking, uint64_t deadline_ns,
                              F attempt) {
    for (;;) {
        axerrno::AxResult<T> r = attempt();
        if (r.ok() || r.error() != AxError::WouldBlock || nonblocking) return r;
        if (!wq.wait_until(deadline_ns)) {
            axerrno::AxResult<T> last = attempt();  // the deadline passed: one last look
            if (!last.ok() && last.error() == AxError::WouldBlock) return AxError::TimedOut;
            return last;
        }
    }
}

}  // namespace axnet::detail
