// arceos_posix_api/src/resolve.cpp: host names for getaddrinfo (ArceOS sys_getaddrinfo's
// lookup): axnet's DNS client, installed as axlibc's resolve hook so that the C library's
// getaddrinfo asks it. Kernel build only (on the host, getaddrinfo is glibc's). Chapter 6,
// "getaddrinfo".
#include <arceos_posix_api/posix.h>
#include <axnet/axnet.h>

#include <string_view>

using ResolveHook = int (*)(const char* name, uint32_t* addr);
extern "C" ResolveHook __axlibc_set_resolve_hook(ResolveHook hook);

namespace arceos_posix_api {

int sys_resolve(const char* name, uint32_t* addr) {
    if (!name || !addr) return -kEFAULT;
    auto r = axnet::dns_query(std::string_view(name));
    if (!r.ok()) {
        switch (r.error()) {
            case axerrno::AxError::NotFound:
                return -kENOENT;
            case axerrno::AxError::TimedOut:
                return -kETIMEDOUT;
            case axerrno::AxError::NoMemory:
                return -kENOMEM;
            default:
                return -kEINVAL;
        }
    }
    *addr = r.value().be;  // both in network byte order
    return 0;
}

namespace {
int resolve_hook(const char* name, uint32_t* addr) {
    return sys_resolve(name, addr);
}
struct InstallResolveHook {
    InstallResolveHook() { __axlibc_set_resolve_hook(resolve_hook); }
} install_resolve_hook;
}  // namespace

}  // namespace arceos_posix_api
