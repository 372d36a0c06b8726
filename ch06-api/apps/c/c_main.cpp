// ch06-api/apps/c/c_main.cpp: what runs before a C program's main() in this kernel, as libc's
// start-up and the kernel's network bring-up do on Linux: tasks, the NIC chosen at build time
// (AX_NET_DEVICE), axnet on it (addresses from the command line: ip=, gw=, dns=), the POSIX
// descriptor table; then the program's main, compiled under the name __ax_c_main so that its
// source stays the one built for Linux.
#include <arceos_posix_api/posix.h>
#include <axdriver/all_devices.h>
#include <axhal/boot_info.h>
#include <axhal/cpu.h>
#include <axlog/log.h>
#include <axnet/axnet.h>
#include <axtask/axtask.h>

extern "C" int __ax_c_main(void);

namespace {

// Arms the NIC's receive interrupt before the idle loop halts (chapter 5 tells why interrupts
// stay off when nothing is pending).
bool arm_rx_irq(void* ctx) {
    axhal::irq_disable();
    bool pending = static_cast<axdriver::AxNetDevice*>(ctx)->arm_rx_interrupt();
    if (pending) axhal::irq_enable();
    return pending;
}

bool net_up() {
    axdriver::AllDevices all = axdriver::init_drivers();
    if (all.net.empty()) {
        axlog::error("no network device");
        return false;
    }
    axdriver::AxNetDevice* nic = all.net[0];
    auto pool =
        driver_net::NetBufPool::create(nic->rx_queue_size(), driver_net::NetBufPool::kMinBufferLen);
    if (!pool.ok() || !axnet::init().ok()) return false;
    axnet::Device dev;
    dev.ops = nic;
    dev.rx_pool = pool.value();
    dev.arm_rx_irq = arm_rx_irq;
    dev.ctx = nic;
    dev.name = nic->device_name();
    auto r = axnet::add_interface(dev, axnet::config_from_cmdline(axhal::boot_info().cmdline));
    if (!r.ok()) axlog::error("axnet: interface: {}", axerrno::error_name(r.error()));
    return r.ok();
}

}  // namespace

int main() {
    axtask::init();
    if (!net_up()) return 1;
    arceos_posix_api::init();
    return __ax_c_main();
}
