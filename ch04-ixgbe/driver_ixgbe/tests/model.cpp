// driver_ixgbe/tests/model.cpp: what the 82599 and 82576 models share: DMA memory with
// made-up physical addresses, the register file, the queue-0 receive and transmit engines as
// the datasheets describe them (82599 7.1 and 7.2, 82576 7.1 and 7.2), and the strict checks
// on ring registers (82599 8.2.3.8-9, 82576 8.9 and 8.12).
#include "model.h"

#include <cstdlib>
#include <cstring>

namespace driver_ixgbe::model {

namespace {

void free_aligned(uint8_t* p) {
    std::free(p);
}

// The receive checksum offload's verdict on an IPv4 header (82599 7.1.11, 82576 7.1.7; on by
// default on both: RXCSUM.IPOFLD resets to 1 on the 82576): IPCS (status bit 6) if the frame
// is IPv4, plus @p ipe if its header checksum is wrong.
uint32_t ip_checksum_status(const Frame& f, uint32_t ipe) {
    if (f.size() < 34 || f[12] != 0x08 || f[13] != 0x00 || f[14] >> 4 != 4) return 0;
    size_t ihl = size_t(f[14] & 0xf) * 4;
    if (ihl < 20 || f.size() < 14 + ihl) return 0;
    uint32_t sum = 0;
    for (size_t i = 0; i < ihl; i += 2) sum += uint32_t(f[14 + i]) << 8 | f[15 + i];
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return (1u << 6) | (sum == 0xffff ? 0 : ipe);
}

bool in_block(uint32_t off, uint32_t base) {
    return off >= base && off < base + 0x40;
}

}  // namespace

IntelModel::IntelModel(const uint8_t (&mac)[6]) {
    std::memcpy(m_mac, mac, 6);
}

IntelModel::~IntelModel() = default;

void IntelModel::violation(std::string what) {
    m_violations.push_back(std::move(what));
}

uint32_t IntelModel::reg(uint32_t off) const {
    auto it = m_regs.find(off);
    return it == m_regs.end() ? 0 : it->second;
}

uint32_t IntelModel::peek(uint32_t off) const {
    return reg(off);
}

// --- memory -----------------------------------------------------------------------------------

DevResult<DmaBlock> IntelModel::dma_alloc(size_t size) {
    size_t rounded = (size + 4095) & ~size_t(4095);
    auto* p = static_cast<uint8_t*>(std::aligned_alloc(4096, rounded));
    if (!p) return DevError::NoMemory;
    std::memset(p, 0, rounded);
    uint64_t phys = m_next_phys;
    m_next_phys += rounded + 4096;  // a gap: an access past the end hits no region
    m_regions.push_back({phys, {p, free_aligned}, rounded});
    return DmaBlock{p, phys, rounded};
}

void IntelModel::dma_dealloc(const DmaBlock& block) {
    for (auto it = m_regions.begin(); it != m_regions.end(); ++it) {
        if (it->phys == block.phys && it->mem.get() == block.virt) {
            m_regions.erase(it);
            return;
        }
    }
    violation("dma_dealloc of a block the HAL never handed out");
}

uint8_t* IntelModel::host(uint64_t phys, size_t len) {
    for (auto& r : m_regions) {
        if (phys >= r.phys && phys - r.phys <= r.size && len <= r.size - (phys - r.phys)) {
            return r.mem.get() + (phys - r.phys);
        }
    }
    return nullptr;
}

DevResult<> IntelModel::mmio_map(uint64_t, size_t size) {
    if (size < 0x20000) return DevError::InvalidParam;
    m_mapped = true;
    reset();
    return {};
}

// --- registers --------------------------------------------------------------------------------

void IntelModel::reset() {
    // 82599 4.6.3.2 / 82576 4.5.2: a software reset returns every register to its default.
    m_regs.clear();
    m_tx_frame.clear();
    m_tx_wb_pending.clear();
    reg(kRal0) = uint32_t(m_mac[0]) | uint32_t(m_mac[1]) << 8 | uint32_t(m_mac[2]) << 16 |
                 uint32_t(m_mac[3]) << 24;
    reg(kRah0) = uint32_t(m_mac[4]) | uint32_t(m_mac[5]) << 8 | kRahAv;
    reset_defaults();
}

uint32_t IntelModel::read32(uint32_t off) {
    if (!m_mapped) violation("register read before mmio_map");
    uint32_t v = 0;
    if (chip_read(off, v)) return v;
    if (off == kCtrl) {
        // RST (and the chip's other reset bits) read 1 for a few reads, then 0.
        if (m_reset_reads > 0 && --m_reset_reads == 0 && !m_reset_sticks) {
            reg(kCtrl) &= ~(kCtrlReset | kCtrlLinkReset);
        }
        return reg(kCtrl);
    }
    if (off == kGprc || off == kGptc || (off == m_eicr && m_eicr_clear_on_read)) {
        v = reg(off);
        reg(off) = 0;
        return v;
    }
    if (off == kStatus || off == kCtrlExt || off == kRal0 || off == kRah0 || off == m_srrctl ||
        off == m_eicr || off == m_eims || off == m_eiac || off == m_eitr0 || off == m_gpie ||
        in_block(off, m_rx_base) || in_block(off, m_tx_base) ||
        (off >= kMta && off < kMta + 0x200)) {
        return reg(off);
    }
    violation("read of a register the model does not know: " + std::to_string(off));
    return 0;
}

void IntelModel::write32(uint32_t off, uint32_t v) {
    if (!m_mapped) violation("register write before mmio_map");
    if (off == kCtrl) {
        if (v & kCtrlReset) {
            reset();
            m_reset_reads = 3;
        }
        reg(kCtrl) = v;
    } else if (off == kStatus) {
        violation("write to STATUS, a read-only register");
    } else if (off == m_srrctl) {  // (inside the queue block on the 82576)
        if (v & m_srrctl_reserved) violation("SRRCTL: reserved bits written");
        if ((v >> 25 & 7) != 1) violation("SRRCTL: DESCTYPE is not 001 (advanced one buffer)");
        if ((v & 0x7f) == 0) violation("SRRCTL: BSIZEPACKET is 0");
        reg(off) = v;
    } else if (in_block(off, m_rx_base) || in_block(off, m_tx_base)) {
        queue_write(off, v);
    } else if (off == m_eims) {
        if (v && !(rx_queue_entry() >= 0)) violation("EIMS set without MSI-X mode (polling)");
        reg(m_eims) |= v;
    } else if (off == m_eimc) {
        if (v & m_eimc_reserved) violation("EIMC: reserved bits written");
        reg(m_eims) &= ~v;
    } else if (off == m_eicr) {
        reg(m_eicr) &= ~v;  // write 1 to clear
    } else if (off == m_eiac || off == m_eitr0 || off == kCtrlExt || off == kRal0 || off == kRah0 ||
               (off >= kMta && off < kMta + 0x200)) {
        reg(off) = v;
    } else if (!chip_write(off, v)) {
        violation("write of a register the model does not know: " + std::to_string(off));
    }
}

void IntelModel::queue_write(uint32_t off, uint32_t v) {
    bool rx = in_block(off, m_rx_base);
    uint32_t base = rx ? m_rx_base : m_tx_base;
    uint32_t rel = off - base;
    const char* q = rx ? "RX" : "TX";
    bool enabled = reg(base + kQXdctl) & kXdctlEnable;
    uint32_t size = reg(base + kQLen) / 16;
    switch (rel) {
        case kQBal:
        case kQBah:
        case kQLen:
            if (enabled) violation(std::string(q) + " ring registers changed while enabled");
            if (rel == kQBal && (v & 0x7f)) violation(std::string(q) + " base not 128-aligned");
            if (rel == kQLen && (v == 0 || v % 128 || v > kMaxRingSize * 16)) {
                violation(std::string(q) + " ring length not a multiple of 128");
            }
            reg(off) = v;
            return;
        case kQHead:
            if (enabled && v != reg(off)) {
                violation(std::string(q) + " head written while the queue runs");
            }
            if (v != 0 && v >= size) violation(std::string(q) + " head beyond the ring");
            reg(off) = v;
            return;
        case kQTail:
            if (v >= size) violation(std::string(q) + " tail beyond the ring");
            reg(off) = v;
            if (!rx) run_tx();
            return;
        case kQXdctl:
            queue_control(rx, v);
            reg(off) = v;  // ENABLE reads back at once
            if (!rx) run_tx();
            return;
        default:
            violation(std::string(q) + " queue register the model does not know");
    }
}

// --- receive (82599 7.1.6.2, 82576 7.1.5.2) ---------------------------------------------------

bool IntelModel::inject(const Frame& frame) {
    if (!rx_on() || !(reg(m_rx_base + kQXdctl) & kXdctlEnable) || !link() || frame.size() < 14) {
        return false;
    }
    bool broadcast = std::memcmp(frame.data(), "\xff\xff\xff\xff\xff\xff", 6) == 0;
    bool mine = (reg(kRah0) & kRahAv) && std::memcmp(frame.data(), m_mac, 6) == 0;
    if (!(broadcast ? broadcast_ok() : mine || promisc())) return false;

    Frame data = frame;
    if (!crc_stripped()) data.insert(data.end(), 4, 0);  // the FCS stays in the buffer
    uint32_t size = reg(m_rx_base + kQLen) / 16;
    uint32_t head = reg(m_rx_base + kQHead), tail = reg(m_rx_base + kQTail);
    uint64_t ring = uint64_t(reg(m_rx_base + kQBah)) << 32 | reg(m_rx_base + kQBal);
    size_t bsize = size_t(reg(m_srrctl) & 0x7f) * 1024;
    if (bsize == 0) {
        violation("frame received with BSIZEPACKET 0");
        return false;
    }
    size_t needed = (data.size() + bsize - 1) / bsize;
    if (size == 0 || (tail + size - head) % size < needed) {
        ++m_rx_missed;  // no free descriptor: dropped (DROP_EN)
        return true;
    }
    for (size_t done = 0; done < data.size(); head = (head + 1) % size) {
        auto* d = reinterpret_cast<AdvRxDesc*>(host(ring + 16 * head, 16));
        size_t chunk = data.size() - done < bsize ? data.size() - done : bsize;
        uint8_t* buf = d ? host(d->read.pkt_addr, chunk) : nullptr;
        if (!buf) {
            violation("receive descriptor points outside DMA memory");
            return true;
        }
        std::memcpy(buf, data.data() + done, chunk);
        done += chunk;
        AdvRxWb wb{};
        wb.length = uint16_t(chunk);
        wb.status_error = kRxStatusDd;
        if (done == data.size()) wb.status_error |= kRxStatusEop | ip_checksum_status(frame, m_ipe);
        if (m_tamper) {
            m_tamper(wb);
            m_tamper = nullptr;
        }
        uint32_t status = wb.status_error;
        wb.status_error = 0;  // everything but the status dword first, DD last
        std::memcpy(reinterpret_cast<void*>(d), &wb, sizeof wb);
        __atomic_store_n(&d->wb.status_error, status, __ATOMIC_RELEASE);
    }
    reg(m_rx_base + kQHead) = head;
    ++reg(kGprc);
    deliver_rx_interrupt();
    return true;
}

void IntelModel::write_rx_slot(uint16_t slot, uint16_t len) {
    uint64_t ring = uint64_t(reg(m_rx_base + kQBah)) << 32 | reg(m_rx_base + kQBal);
    auto* d = reinterpret_cast<AdvRxDesc*>(host(ring + 16 * slot, 16));
    d->wb.length = len;
    d->wb.status_error = kRxStatusDd | kRxStatusEop;
}

void IntelModel::deliver_rx_interrupt() {
    // 82599 7.3.1 / 82576 7.3.1.2: queue cause -> IVAR entry -> EICR bit; unmasked in EIMS, a
    // message on that entry, after which EIAC clears the bit.
    int entry = rx_queue_entry();
    if (entry < 0) return;
    uint32_t bit = 1u << entry;
    reg(m_eicr) |= bit;
    if (reg(m_eims) & bit) {
        ++m_msix[entry];
        if (reg(m_eiac) & bit) reg(m_eicr) &= ~bit;
    }
}

// --- transmit (82599 7.2.3, 82576 7.2.2) ------------------------------------------------------

void IntelModel::run_tx() {
    if (!tx_on() || !(reg(m_tx_base + kQXdctl) & kXdctlEnable)) return;
    uint32_t size = reg(m_tx_base + kQLen) / 16;
    uint64_t ring = uint64_t(reg(m_tx_base + kQBah)) << 32 | reg(m_tx_base + kQBal);
    uint32_t head = reg(m_tx_base + kQHead), tail = reg(m_tx_base + kQTail);
    for (; size && head != tail; head = (head + 1) % size) {
        auto* d = reinterpret_cast<AdvTxDesc*>(host(ring + 16 * head, 16));
        if (!d) {
            violation("transmit ring outside DMA memory");
            return;
        }
        uint32_t cmd = d->read.cmd_type_len, len = cmd & kTxLenMask;
        if (!(cmd & kTxCmdDext) || (cmd & (0xfu << 20)) != kTxDtypData) {
            violation("transmit descriptor is not an advanced data descriptor");
        }
        const uint8_t* data = host(d->read.buffer_addr, len);
        if (!data) {
            violation("transmit buffer outside DMA memory");
        } else {
            m_tx_frame.insert(m_tx_frame.end(), data, data + len);
        }
        if (cmd & kTxCmdEop) {
            if ((d->read.olinfo_status >> kTxPaylenShift) != m_tx_frame.size()) {
                violation("transmit PAYLEN does not match the frame");
            }
            m_sent.push_back(std::move(m_tx_frame));
            m_tx_frame.clear();
            ++reg(kGptc);
        }
        if (cmd & kTxCmdRs) m_tx_wb_pending.push_back(uint16_t(head));
    }
    reg(m_tx_base + kQHead) = head;
    // Write-back waits for WTHRESH done descriptors (82599 7.2.3.5.1, 82576 7.2.3.3), or
    // for what the test asked.
    unsigned batch = m_tx_wb_batch ? m_tx_wb_batch : wthresh() ? wthresh() : 1;
    if (m_tx_wb_pending.size() >= batch) flush_tx_writeback();
}

void IntelModel::flush_tx_writeback() {
    uint64_t ring = uint64_t(reg(m_tx_base + kQBah)) << 32 | reg(m_tx_base + kQBal);
    for (uint16_t slot : m_tx_wb_pending) {
        auto* d = reinterpret_cast<AdvTxDesc*>(host(ring + 16 * slot, 16));
        __atomic_store_n(&d->wb.status, kTxStatusDd, __ATOMIC_RELEASE);
    }
    m_tx_wb_pending.clear();
}

void IntelModel::set_cable(bool plugged) {
    m_cable = plugged;
    link_event(plugged);
}

}  // namespace driver_ixgbe::model
