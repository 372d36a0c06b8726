/// @file axnet/init_network.h
/// @brief init_network() (ArceOS axnet::init_network, which axruntime calls with the devices
/// axdriver found): the start-up step that puts axnet on the kernel's NIC, configured from the
/// kernel command line. Every kernel with a network uses it: chapter 5's demo, arceos_api's
/// start-up and the C programs' (chapter 6).
///
/// Kernel only, and header only: it names axdriver::AxNetDevice, the NIC class each kernel
/// chooses at build time (axdriver/all_devices.h), so it is compiled with each kernel's program
/// rather than once in axnet's library.
#pragma once
#include <axdriver/all_devices.h>
#include <axhal/boot_info.h>
#include <axhal/cpu.h>
#include <axlog/log.h>
#include <axnet/axnet.h>

namespace axnet {

/// Starts axnet on the first NIC of @p all, configured by the kernel command line: init(),
/// a receive pool as large as the NIC's receive queue, config_from_cmdline() on the boot
/// command line (`ip=dhcp` or `ip=A.B.C.D`, `mask=`, `gw=`, `dns=A.B.C.D[:PORT]`; a malformed
/// value is warned about and its default kept), then add_interface(), which waits for DHCP's
/// answer when asked. Before the idle loop halts, axnet arms the NIC's receive interrupt with
/// interrupts disabled and leaves them disabled when no frame is pending, so that the halt's
/// `sti; hlt` is the next moment an interrupt can be taken (chapter 5, section 6). Call once,
/// from main(), after axtask::init(). Every failure is also logged.
///
/// @param all The devices axdriver::init_drivers() found; the NIC and the receive pool belong
///            to axnet from then on (for the kernel's whole life).
/// @return The NIC under axnet (the default route). Errors: NotFound (no network device),
///         NoMemory (no pool, no loan records, or lwIP refused the interface), BadState (axnet
///         was already started), TimedOut (ip=dhcp and no DHCP answer).
[[nodiscard]] inline AxResult<axdriver::AxNetDevice*> init_network(
    const axdriver::AllDevices& all) {
    if (all.net.empty()) {
        axlog::error("axnet: no network device (QEMU: -device virtio-net-pci or -device igb)");
        return AxError::NotFound;
    }
    axdriver::AxNetDevice* nic = all.net[0];
    auto pool =
        driver_net::NetBufPool::create(nic->rx_queue_size(), driver_net::NetBufPool::kMinBufferLen);
    if (!pool.ok()) {
        axlog::error("axnet: no memory for {}'s receive pool", nic->device_name());
        return AxError::NoMemory;
    }
    if (auto r = init(); !r.ok()) {
        axlog::error("axnet: init: {}", axerrno::error_name(r.error()));
        return r.error();
    }
    std::string_view bad;
    Config cfg = config_from_cmdline(axhal::boot_info().cmdline, &bad);
    if (!bad.empty()) axlog::warn("axnet: bad address in {}=, default kept", bad);
    Device dev;
    dev.ops = nic;
    dev.rx_pool = pool.value();
    dev.arm_rx_irq = [](void* ctx) {
        axhal::irq_disable();
        bool pending = static_cast<axdriver::AxNetDevice*>(ctx)->arm_rx_interrupt();
        if (pending) axhal::irq_enable();
        return pending;
    };
    dev.ctx = nic;
    dev.name = nic->device_name();
    if (auto r = add_interface(dev, cfg); !r.ok()) {
        axlog::error("axnet: interface on {}: {}", dev.name, axerrno::error_name(r.error()));
        return r.error();
    }
    return nic;
}

}  // namespace axnet
