// ch06-api/apps/c/c_main.cpp: what runs before a C program's main() in this kernel, as libc's
// start-up and the kernel's network bring-up do on Linux: tasks, the NIC chosen at build time
// (AX_NET_DEVICE), axnet on it (addresses from the command line: ip=, gw=, dns=), the POSIX
// descriptor table; then the program's main, compiled under the name __ax_c_main so that its
// source stays the one built for Linux.
#include <arceos_posix_api/posix.h>
#include <axnet/init_network.h>
#include <axtask/axtask.h>

extern "C" int __ax_c_main(void);

int main() {
    axtask::init();
    if (!axnet::init_network(axdriver::init_drivers()).ok()) return 1;
    arceos_posix_api::init();
    return __ax_c_main();
}
