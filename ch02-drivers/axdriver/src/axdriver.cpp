// axdriver/src/axdriver.cpp: probing. PCI enumeration prints the device table, then each
// registered driver is offered the functions it matches, then the virtual drivers run.
#include <axdriver/axdriver.h>
#include <axdriver/msix.h>
#include <axlog/log.h>

extern "C" const axdriver::DriverEntry __axdriver_start[], __axdriver_end[];

namespace axdriver {

using driver_common::DevError;

const DriverEntry* registry_begin() {
    return __axdriver_start;
}
const DriverEntry* registry_end() {
    return __axdriver_end;
}

namespace {

constexpr size_t kMaxMatched = 32;

struct Scan {
    pci::PciDevice matched[kMaxMatched];
    const DriverEntry* driver[kMaxMatched];
    size_t num_matched = 0;
};

const DriverEntry* match(const pci::PciDevice& dev) {
    for (const DriverEntry* d = registry_begin(); d != registry_end(); ++d) {
        if (d->bus != DriverEntry::Bus::Pci) continue;
        for (size_t i = 0; i < d->num_ids; ++i) {
            if (d->ids[i].vendor == dev.vendor_id && d->ids[i].device == dev.device_id) return d;
        }
    }
    return nullptr;
}

const char* class_name(uint8_t cls) {
    switch (cls) {
        case 0x00:
            return "unclassified";
        case 0x01:
            return "storage";
        case 0x02:
            return "network";
        case 0x03:
            return "display";
        case 0x04:
            return "multimedia";
        case 0x05:
            return "memory";
        case 0x06:
            return "bridge";
        case 0x07:
            return "communication";
        case 0x08:
            return "system";
        case 0x0c:
            return "serial bus";
        default:
            return "other";
    }
}

// Sizes print as the largest whole unit: "4 KiB", "16 MiB".
void size_text(uint64_t size, char* buf, size_t cap) {
    const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    size_t u = 0;
    while (u + 1 < sizeof(units) / sizeof(units[0]) && size >= 1024 && size % 1024 == 0) {
        size /= 1024;
        ++u;
    }
    axlog::format_to_buffer(buf, cap, "{} {}", size, units[u]);
}

void print_function(const pci::PciDevice& dev, const DriverEntry* driver) {
    axlog::println("  {:02x}:{:02x}.{}  {:04x}:{:04x}  {:02x}.{:02x}.{:02x} {:<13} {}", dev.bdf.bus,
                   dev.bdf.device, dev.bdf.function, dev.vendor_id, dev.device_id, dev.class_code,
                   dev.subclass, dev.prog_if, class_name(dev.class_code),
                   driver ? driver->name : "no driver");
    for (int i = 0; i < 6; ++i) {
        const pci::Bar& b = dev.bars[i];
        if (b.kind == pci::Bar::Kind::None) continue;
        char size[24];
        size_text(b.size, size, sizeof(size));
        const char* kind = b.kind == pci::Bar::Kind::Io         ? "io   "
                           : b.kind == pci::Bar::Kind::Memory64 ? "mem64"
                                                                : "mem32";
        axlog::println("                BAR{} {} {:#014x} {:>8}{}", i, kind, b.address, size,
                       b.prefetchable ? " prefetchable" : "");
    }
    if (dev.num_caps) {
        char caps[160];
        axlog::BufferWriter w(caps, sizeof(caps));
        for (size_t i = 0; i < dev.num_caps; ++i) {
            axlog::format(w, "{}{}@{:#x}", i ? ", " : "", pci::capability_name(dev.caps[i].id),
                          dev.caps[i].offset);
        }
        axlog::println("                caps: {}", w.view());
    }
    if (pci::find_capability(dev, pci::kCapMsix)) {
        auto msix = pci::read_msix(pci::config_access(), dev);
        if (msix.ok()) {
            const pci::MsixInfo& m = msix.value();
            axlog::println("                MSI-X: {} vectors, table BAR{}+{:#x}, PBA BAR{}+{:#x}",
                           m.table_size, m.table_bar, m.table_offset, m.pba_bar, m.pba_offset);
        } else {
            axlog::println("                MSI-X: not decoded ({})",
                           driver_common::dev_error_name(msix.error()));
        }
    }
    if (dev.error != DevError{}) {
        axlog::warn("pci {:02x}:{:02x}.{}: malformed configuration space: {} ({})", dev.bdf.bus,
                    dev.bdf.device, dev.bdf.function, dev.error_detail ? dev.error_detail : "?",
                    driver_common::dev_error_name(dev.error));
    }
}

void visit(const pci::PciDevice& dev, void* ctx) {
    auto* scan = static_cast<Scan*>(ctx);
    const DriverEntry* driver = dev.error == DevError{} ? match(dev) : nullptr;
    print_function(dev, driver);
    if (!driver) return;
    if (scan->num_matched == kMaxMatched) {
        axlog::warn("axdriver: more than {} matching devices; the rest are ignored", kMaxMatched);
        return;
    }
    scan->matched[scan->num_matched] = dev;
    scan->driver[scan->num_matched++] = driver;
}

void keep(ProbeResult& r, const DriverEntry* driver,
          driver_common::DevResult<driver_net::NetDriverOps*> dev) {
    if (!dev.ok()) {
        axlog::error("axdriver: {} failed to start: {}", driver->name,
                     driver_common::dev_error_name(dev.error()));
        return;
    }
    if (r.num_net == kMaxNetDevices) {
        axlog::warn("axdriver: more than {} network devices; {} ignored", kMaxNetDevices,
                    driver->name);
        return;
    }
    r.net[r.num_net++] = {dev.value(), driver};
    const driver_net::EthernetAddress addr = dev.value()->mac_address();
    const uint8_t* mac = addr.bytes;
    axlog::info("axdriver: net{}: {} up, MAC {:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}",
                r.num_net - 1, driver->name, mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
}

}  // namespace

const ProbeResult& probe_all(const void* only_type) {
    static ProbeResult result;
    static bool done;
    if (done) return result;
    done = true;

    static Scan scan;
    pci::ConfigAccess& cfg = pci::config_access();
    axlog::println("PCI functions (bus:dev.fn  vendor:device  class):");
    result.pci_functions = pci::enumerate(cfg, visit, &scan);
    axlog::println("{} PCI functions", result.pci_functions);

    // A static build drives one device class; starting another would only hand it a device
    // it must leave out.
    auto wanted = [only_type](const DriverEntry* d) {
        if (!only_type || d->type_tag == only_type) return true;
        axlog::debug("axdriver: {} not started: this kernel is built for another device type",
                     d->name);
        return false;
    };
    for (size_t i = 0; i < scan.num_matched; ++i) {
        if (!wanted(scan.driver[i])) continue;
        pci::enable_device(cfg, scan.matched[i].bdf);
        keep(result, scan.driver[i], scan.driver[i]->probe_pci(scan.matched[i]));
    }
    for (const DriverEntry* d = registry_begin(); d != registry_end(); ++d) {
        if (d->bus == DriverEntry::Bus::Virtual && wanted(d)) keep(result, d, d->probe_virtual());
    }
    return result;
}

}  // namespace axdriver
