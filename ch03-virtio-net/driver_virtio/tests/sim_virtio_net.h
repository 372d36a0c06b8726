// driver_virtio/tests/sim_virtio_net.h: SimVirtioNet, a modern virtio-net PCI function for the
// host tests of VirtioNetDev (virtio_net_test.cpp): its configuration space (the virtio vendor
// capabilities of virtio 1.2 4.1.4 and an MSI-X capability), its registers (common, notify,
// ISR and device configuration in BAR 4; the MSI-X table in BAR 1) reached through
// host/axhal/mmio.h, and its two queues served by SimDevice. It checks how it is accessed:
// every register with its own width, BAR accesses only through uncached mappings, MSI-X
// entries rewritten only while masked. Knobs make it misbehave the ways the tests need.
#pragma once
#include "host_hal.h"
#include "sim_queue.h"

#include <axdriver/pci.h>
#include <axhal/mem.h>
#include <axhal/mmio.h>
#include <driver_virtio/virtio_spec.h>

#include <cstring>
#include <deque>
#include <string>
#include <vector>

namespace driver_virtio::testing {

class SimVirtioNet final : public axdriver::pci::ConfigAccess, public axhal::host::MmioHandler {
public:
    static constexpr uint64_t kRegsBar = 0xfe000000;  // BAR 4: the virtio structures
    static constexpr uint64_t kRegsSize = 0x4000;
    static constexpr uint64_t kMsixBar = 0xfebf1000;  // BAR 1: the MSI-X table and PBA
    static constexpr uint64_t kMsixSize = 0x1000;
    static constexpr uint32_t kCommonOff = 0x0000, kIsrOff = 0x1000, kDeviceOff = 0x2000;
    static constexpr uint32_t kNotifyOff = 0x3000, kNotifyMultiplier = 4;
    static constexpr uint16_t kMsixEntries = 3;

    struct Queue {
        uint16_t max_size = 256, size = 256, msix = kNoVector, enable = 0;
        uint32_t desc[2] = {}, driver[2] = {}, device[2] = {};  // low, high halves
        SimDevice dev;
        uint64_t notifications = 0;
    };

    // Knobs.
    uint64_t offered = kFVersion1 | kNetFMac | kNetFStatus | kFEventIdx | kNetFMrgRxbuf;
    bool refuse_features = false;   // clears FEATURES_OK
    bool refuse_msix = false;       // reads queue_msix_vector back as kNoVector
    bool stuck_reset = false;       // writing 0 to device_status changes nothing
    bool short_notify_cap = false;  // a 16-byte notify capability first, junk after it
    uint8_t mac[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
    uint8_t next_mac[6] = {};
    int mac_changes_at_read = -1;      // the device-config read of this number switches to next_mac
    bool unstable_generation = false;  // config_generation changes on every device-config read
    uint16_t link_status = 1;

    // Records.
    uint8_t status = 0;
    uint64_t driver_features = 0;
    Queue queues[2];
    std::vector<std::string> bad_accesses;  // wrong width or offset, with what it was
    uint64_t cached_accesses = 0;           // BAR accesses not through map_mmio()
    uint64_t unmasked_rewrites = 0;         // MSI-X address/data written while unmasked
    uint32_t msix_table[kMsixEntries][4] = {};
    std::deque<SimDevice::Chain> rx_posted;  // receive chains taken, not yet filled

    SimVirtioNet() {
        build_config();
        host_hal().config = this;
        axhal::host::set_mmio_handler(this);
    }
    ~SimVirtioNet() {
        axhal::host::set_mmio_handler(nullptr);
        host_hal().config = nullptr;
    }
    SimVirtioNet(const SimVirtioNet&) = delete;
    SimVirtioNet& operator=(const SimVirtioNet&) = delete;

    // The function as enumeration would describe it.
    axdriver::pci::PciDevice pci() {
        axdriver::pci::PciDevice d;
        d.bdf = {0, 3, 0};
        d.vendor_id = 0x1af4;
        d.device_id = 0x1041;
        d.class_code = 0x02;
        d.bars[1] = {axdriver::pci::Bar::Kind::Memory32, false, kMsixBar, kMsixSize};
        d.bars[4] = {axdriver::pci::Bar::Kind::Memory64, true, kRegsBar, kRegsSize};
        const char* detail = nullptr;
        (void)axdriver::pci::read_capabilities(*this, d.bdf, d.caps, 16, d.num_caps, &detail);
        return d;
    }

    // Receive: takes what the driver posted, fills the oldest chain with a 12-byte header and
    // @p frame (or just claims @p used_len bytes, if given), publishes. False if none posted.
    // With MRG_RXBUF the header's num_buffers says how many buffers the packet spans (5.1.6.4):
    // 1 here, as a device must write it.
    bool deliver(const std::vector<uint8_t>& frame, int64_t used_len = -1) {
        if (!fill_next(frame, 1, true, used_len)) return false;
        (void)queues[kNetRxQueue].dev.publish();
        return true;
    }
    // One packet over two buffers (MRG_RXBUF): @p first after a header saying @p num_buffers,
    // then @p second, raw, in the next buffer; both published together.
    bool deliver_merged(const std::vector<uint8_t>& first, const std::vector<uint8_t>& second,
                        uint16_t num_buffers) {
        if (!fill_next(first, num_buffers, true, -1) || !fill_next(second, 0, false, -1)) {
            return false;
        }
        (void)queues[kNetRxQueue].dev.publish();
        return true;
    }
    // Receive buffers the device holds now (taken or still in the available ring).
    size_t rx_buffers() {
        SimDevice& d = queues[kNetRxQueue].dev;
        for (auto& c : d.take_avail()) rx_posted.push_back(std::move(c));
        return rx_posted.size();
    }
    // Transmit: takes every published chain, returns what each carried (header included), and
    // marks them used.
    std::vector<std::vector<uint8_t>> take_tx() {
        SimDevice& d = queues[kNetTxQueue].dev;
        std::vector<std::vector<uint8_t>> out;
        for (auto& c : d.take_avail()) {
            d.complete(c, 0);
            out.push_back(d.last_read);
        }
        (void)d.publish();
        return out;
    }

    // ConfigAccess.
    uint32_t read32(axdriver::pci::Bdf bdf, uint16_t off) override {
        if (!(bdf == axdriver::pci::Bdf{0, 3, 0}) || off >= sizeof(m_cfg)) return 0xffffffff;
        uint32_t v;
        std::memcpy(&v, m_cfg + off, 4);
        return v;
    }
    void write32(axdriver::pci::Bdf, uint16_t off, uint32_t v) override {
        if (off == kMsixCap) std::memcpy(m_cfg + off + 2, reinterpret_cast<uint8_t*>(&v) + 2, 2);
    }
    uint16_t config_size() const override { return sizeof(m_cfg); }
    // MSI-X Message Control (PCI 3.0 6.8.2.3).
    uint16_t msix_control() const {
        uint16_t c;
        std::memcpy(&c, m_cfg + kMsixCap + 2, 2);
        return c;
    }

    // MmioHandler.
    bool read(uintptr_t va, unsigned width, uint64_t& v) override {
        uint64_t pa = va - axhal::kPhysVirtOffset;
        if (!claims(pa)) return false;
        v = pa >= kMsixBar ? msix_read(uint32_t(pa - kMsixBar), width)
                           : regs_read(uint32_t(pa - kRegsBar), width);
        return true;
    }
    bool write(uintptr_t va, unsigned width, uint64_t v) override {
        uint64_t pa = va - axhal::kPhysVirtOffset;
        if (!claims(pa)) return false;
        if (pa >= kMsixBar) {
            msix_write(uint32_t(pa - kMsixBar), width, uint32_t(v));
        } else {
            regs_write(uint32_t(pa - kRegsBar), width, v);
        }
        return true;
    }

private:
    static constexpr uint8_t kMsixCap = 0x40;
    uint8_t m_cfg[256] = {};
    uint32_t m_dfselect = 0, m_gfselect = 0;
    uint16_t m_qselect = 0, m_config_msix = kNoVector;
    uint8_t m_generation = 0, m_isr = 0;
    int m_config_reads = 0;

    void put(uint16_t off, const void* p, size_t n) { std::memcpy(m_cfg + off, p, n); }
    void put32(uint16_t off, uint32_t v) { put(off, &v, 4); }
    // A virtio capability (struct virtio_pci_cap, 4.1.4) at @p at.
    void vcap(uint8_t at, uint8_t next, uint8_t len, uint8_t type, uint32_t offset,
              uint32_t length) {
        const uint8_t head[] = {0x09, next, len, type, 4, 0, 0, 0};
        put(at, head, sizeof(head));
        put32(uint16_t(at + 8), offset);
        put32(uint16_t(at + 12), length);
    }
    void build_config() {
        put32(0x00, 0x10411af4);
        put32(0x04, 0x00100006);  // status: capability list; command: memory, bus master
        put32(0x08, 0x02000001);
        m_cfg[0x34] = kMsixCap;
        // MSI-X: kMsixEntries vectors, table at BAR 1 + 0, PBA at BAR 1 + 0x800.
        const uint8_t msix[] = {0x11, 0x50, kMsixEntries - 1, 0};
        put(kMsixCap, msix, sizeof(msix));
        put32(kMsixCap + 4, 1);
        put32(kMsixCap + 8, 0x800 | 1);
        // A short notify capability (cap_len 16: no notify_off_multiplier), followed by junk
        // where the multiplier would be. Skipped when short_notify_cap is off (by the list).
        vcap(0xa0, 0x50, 16, kPciCapNotifyCfg, kNotifyOff, 0x1000);
        put32(0xb0, 0x01000000);
        m_cfg[kMsixCap + 1] = 0x50;
        vcap(0x50, 0x60, 16, kPciCapCommonCfg, kCommonOff, kCommonCfgMinLen);
        vcap(0x60, 0x74, 20, kPciCapNotifyCfg, kNotifyOff, 0x1000);
        put32(0x70, kNotifyMultiplier);
        vcap(0x74, 0x84, 16, kPciCapIsrCfg, kIsrOff, 4);
        vcap(0x84, 0x00, 16, kPciCapDeviceCfg, kDeviceOff, 8);
        // The MSI-X entries as a previous driver left them: routed and unmasked.
        for (auto& e : msix_table) {
            e[0] = 0xfee00000;
            e[2] = 0x99;
            e[3] = 0;
        }
    }

public:
    // Puts the short notify capability in the list (before the good one), or takes it out.
    void set_short_notify_cap(bool on) {
        short_notify_cap = on;
        m_cfg[kMsixCap + 1] = on ? 0xa0 : 0x50;
    }

private:
    // Writes [header +] @p data into the oldest posted receive buffer and queues its used entry
    // (@p used_len, if given, instead of the true length).
    bool fill_next(const std::vector<uint8_t>& data, uint16_t num_buffers, bool header,
                   int64_t used_len) {
        SimDevice& d = queues[kNetRxQueue].dev;
        for (auto& c : d.take_avail()) rx_posted.push_back(std::move(c));
        if (rx_posted.empty()) return false;
        SimDevice::Chain c = std::move(rx_posted.front());
        rx_posted.pop_front();
        uint8_t* p = host_of(c.descs[0].addr);
        size_t hlen = header ? sizeof(VirtioNetHdr) : 0;
        uint32_t len = uint32_t(hlen + data.size());
        if (len <= c.writable) {
            if (header) {
                VirtioNetHdr h{};
                h.num_buffers = (driver_features & kNetFMrgRxbuf) ? num_buffers : 0;
                std::memcpy(p, &h, sizeof(h));
            }
            if (!data.empty()) std::memcpy(p + hlen, data.data(), data.size());
        }
        d.put_used(c.head, used_len >= 0 ? uint32_t(used_len) : len);
        return true;
    }

    bool claims(uint64_t pa) {
        bool mine = (pa >= kRegsBar && pa < kRegsBar + kRegsSize) ||
                    (pa >= kMsixBar && pa < kMsixBar + kMsixSize);
        if (mine && !host_hal().is_uncached(pa)) ++cached_accesses;
        return mine;
    }
    void bad(const std::string& what, uint32_t off, unsigned width) {
        bad_accesses.push_back(what + " at " + std::to_string(off) + ", width " +
                               std::to_string(width));
    }
    bool check(uint32_t off, unsigned width, unsigned want, const char* what) {
        if (width == want) return true;
        bad(what, off, width);
        return false;
    }
    Queue& q() { return queues[m_qselect < 2 ? m_qselect : 0]; }

    uint64_t regs_read(uint32_t off, unsigned width) {
        if (off >= kDeviceOff && off < kDeviceOff + 8) return device_read(off - kDeviceOff, width);
        if (off >= kIsrOff && off < kIsrOff + 4) {
            uint8_t v = m_isr;
            m_isr = 0;
            return v;
        }
        switch (off) {
            case kDeviceFeatureSelect:
                return check(off, width, 4, "dfselect") ? m_dfselect : 0;
            case kDeviceFeature:
                check(off, width, 4, "device_feature");
                return m_dfselect < 2 ? uint32_t(offered >> (32 * m_dfselect)) : 0;
            case kNumQueues:
                check(off, width, 2, "num_queues");
                return 2;
            case kDeviceStatus:
                check(off, width, 1, "device_status");
                return status;
            case kConfigGeneration:
                check(off, width, 1, "config_generation");
                return m_generation;
            case kQueueSize:
                check(off, width, 2, "queue_size");
                return q().max_size;
            case kQueueMsixVector:
                check(off, width, 2, "queue_msix_vector");
                return q().msix;
            case kQueueNotifyOff:
                check(off, width, 2, "queue_notify_off");
                return m_qselect;
            case kConfigMsixVector:
                return m_config_msix;
            default:
                bad("read", off, width);
                return 0;
        }
    }

    uint64_t device_read(uint32_t off, unsigned width) {
        if (unstable_generation) ++m_generation;
        if (m_config_reads++ == mac_changes_at_read) {
            std::memcpy(mac, next_mac, 6);
            ++m_generation;  // 4.1.4.3.1: the configuration changed
        }
        if (off < 6) return check(off, width, 1, "mac") ? mac[off] : 0;
        if (off == kNetCfgStatus) return check(off, width, 2, "net status") ? link_status : 0;
        bad("device config read", off, width);
        return 0;
    }

    void regs_write(uint32_t off, unsigned width, uint64_t v) {
        if (off >= kNotifyOff && off < kNotifyOff + 0x1000) {
            uint32_t qn = (off - kNotifyOff) / kNotifyMultiplier;
            if (check(off, width, 2, "notify") && qn < 2 && v == qn) {
                ++queues[qn].notifications;
            } else {
                bad("notify", off, width);
            }
            return;
        }
        Queue& sel = q();
        switch (off) {
            case kDeviceFeatureSelect:
                check(off, width, 4, "dfselect");
                m_dfselect = uint32_t(v);
                return;
            case kDriverFeatureSelect:
                check(off, width, 4, "gfselect");
                m_gfselect = uint32_t(v);
                return;
            case kDriverFeature:
                check(off, width, 4, "driver_feature");
                if (m_gfselect < 2) {
                    driver_features &= ~(0xffffffffull << (32 * m_gfselect));
                    driver_features |= uint64_t(uint32_t(v)) << (32 * m_gfselect);
                }
                return;
            case kConfigMsixVector:
                check(off, width, 2, "config_msix");
                m_config_msix = uint16_t(v);
                return;
            case kDeviceStatus:
                check(off, width, 1, "device_status");
                write_status(uint8_t(v));
                return;
            case kQueueSelect:
                check(off, width, 2, "queue_select");
                m_qselect = uint16_t(v);
                return;
            case kQueueSize:
                check(off, width, 2, "queue_size");
                sel.size = uint16_t(v);
                return;
            case kQueueMsixVector:
                check(off, width, 2, "queue_msix_vector");
                sel.msix = refuse_msix ? kNoVector : uint16_t(v);
                return;
            case kQueueEnable:
                check(off, width, 2, "queue_enable");
                enable(sel);
                return;
            default:
                break;
        }
        // The 64-bit queue addresses: two 32-bit accesses, low half first (4.1.3.1).
        for (uint32_t base :
             {uint32_t(kQueueDesc), uint32_t(kQueueDriver), uint32_t(kQueueDevice)}) {
            if (off != base && off != base + 4) continue;
            uint32_t* f = base == kQueueDesc     ? sel.desc
                          : base == kQueueDriver ? sel.driver
                                                 : sel.device;
            if (!check(off, width, 4, "64-bit queue address half")) {
                f[0] = uint32_t(v);  // taken all the same, as QEMU does, so the run goes on
                f[1] = uint32_t(v >> 32);
                return;
            }
            if (off == base + 4 && !m_low_written) bad("high half before low half", off, width);
            m_low_written = off == base;
            f[off == base ? 0 : 1] = uint32_t(v);
            return;
        }
        bad("write", off, width);
    }
    bool m_low_written = false;

    void write_status(uint8_t v) {
        if (v == 0) {
            if (stuck_reset) return;
            status = 0;
            driver_features = 0;
            for (Queue& qu : queues) qu = Queue();
            rx_posted.clear();
            return;
        }
        if (refuse_features) v = uint8_t(v & ~kStatusFeaturesOk);
        status = v;
    }

    void enable(Queue& sel) {
        auto addr = [](const uint32_t* f) { return uint64_t(f[0]) | uint64_t(f[1]) << 32; };
        sel.enable = 1;
        sel.dev.attach(sel.size, addr(sel.desc), addr(sel.driver), addr(sel.device),
                       driver_features & kFEventIdx);
    }

    uint64_t msix_read(uint32_t off, unsigned width) {
        if (!check(off, width, 4, "msix") || off / 16 >= kMsixEntries) return 0;
        return msix_table[off / 16][off % 16 / 4];
    }
    void msix_write(uint32_t off, unsigned width, uint32_t v) {
        if (!check(off, width, 4, "msix") || off / 16 >= kMsixEntries) return;
        uint32_t* e = msix_table[off / 16];
        // PCI 3.0 6.8.3.5: address and data change only while the entry is masked.
        if (off % 16 != 12 && !(e[3] & 1)) ++unmasked_rewrites;
        e[off % 16 / 4] = v;
    }
};

}  // namespace driver_virtio::testing
