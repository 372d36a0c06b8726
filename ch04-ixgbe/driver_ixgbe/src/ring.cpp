// driver_ixgbe/src/ring.cpp: the advanced-descriptor ring engine (chapter 4, section 2),
// shared by the 82599 and the 82576: descriptor formats 82599 7.1.6 / 7.2.3.2.4, 82576 7.1.5 /
// 7.2.2.3. The device writes a receive descriptor's status dword (with DD) last; the driver
// reads DD first and everything else after it.
#include <axlog/log.h>
#include <driver_ixgbe/ring.h>

#include <new>

namespace driver_ixgbe {

using driver_net::NetBufPool;

namespace {

// Reads after this one are not moved before it (x86 keeps loads in order; this stops the
// compiler). Pairs with the device writing DD last.
inline void read_barrier() {
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
}
// Descriptor stores before this one are not moved after it (the tail write follows).
inline void write_barrier() {
    __atomic_thread_fence(__ATOMIC_RELEASE);
}

// Gives a receive slot back to the driver: no buffer, and no DD (the status overlays hdr_addr).
inline void zero(volatile AdvRxDesc& d) {
    d.read.pkt_addr = 0;
    d.read.hdr_addr = 0;
}

DevResult<NetBuf**> layout(const DmaBlock& mem, uint16_t size) {
    if (size < 8 || size > kMaxRingSize || size % 8 != 0 || !mem.virt ||
        mem.size < size_t(size) * 16 || mem.phys % 128 != 0) {
        return DevError::InvalidParam;
    }
    auto* bufs = new (std::nothrow) NetBuf*[size]();
    if (!bufs) return DevError::NoMemory;
    return bufs;
}

// 82599 4.6.7 and 4.6.8 / 82576 4.5.9 and 4.5.10: ring base (128-byte aligned) and length in
// bytes (both descriptor kinds are 16 bytes), then head and tail 0: the ring starts empty.
void program_ring(Regs& regs, uint32_t base, uint64_t phys, uint16_t size) {
    static_assert(sizeof(AdvRxDesc) == sizeof(AdvTxDesc));
    regs.write(base + kQBal, uint32_t(phys));
    regs.write(base + kQBah, uint32_t(phys >> 32));
    regs.write(base + kQLen, uint32_t(size) * sizeof(AdvRxDesc));
    regs.write(base + kQHead, 0);
    regs.write(base + kQTail, 0);
}

}  // namespace

// --- receive ----------------------------------------------------------------------------------

DevResult<> RxRing::init(Regs& regs, const DmaBlock& mem, uint16_t size, uint32_t base,
                         uint32_t error_mask) {
    auto bufs = layout(mem, size);
    if (!bufs.ok()) return bufs.error();
    delete[] m_bufs;
    m_bufs = bufs.value();
    m_regs = &regs;
    m_desc = static_cast<volatile AdvRxDesc*>(mem.virt);
    m_clean = m_use = m_posted = m_written = 0;
    m_discarding = false;
    m_stats = {};
    m_phys = mem.phys;
    m_size = size;
    m_base = base;
    m_error_mask = error_mask;
    for (uint16_t i = 0; i < size; ++i) zero(m_desc[i]);
    return {};
}

void RxRing::program() {
    program_ring(*m_regs, m_base, m_phys, m_size);
}

// Chapter 4, 2.2.
DevResult<> RxRing::post(NetBuf* buf) {
    if (!can_post()) return DevError::Again;
    if (!buf || buf->capacity() < kRxBufferLen) return DevError::InvalidParam;
    volatile AdvRxDesc& d = m_desc[m_use];
    // A slot the driver does not own is zeroed when popped: DD here means the device wrote a
    // descriptor it was never given.
    if (d.wb.status_error & kRxStatusDd) {
        if (m_stats.unposted_dd++ == 0) {
            axlog::warn(
                "ixgbe: device wrote back slot {} which was not posted; ignored "
                "(counted in unposted_dd)",
                m_use);
        }
    }
    (void)buf->set_header_len(0);
    (void)buf->set_packet_len(0);
    d.read.pkt_addr = buf->phys_addr().value;
    d.read.hdr_addr = 0;  // clears DD: the status dword overlays it (7.1.6.1)
    m_bufs[m_use] = buf;
    m_use = uint16_t((m_use + 1) % m_size);
    ++m_posted;
    return {};
}

void RxRing::flush() {
    if (m_use == m_written) return;
    write_barrier();
    // 82599 8.2.3.8.5 / 82576 8.9.9: RDT, one past the last descriptor the device may fill.
    m_regs->write(m_base + kQTail, m_use);
    m_written = m_use;
    ++m_stats.tail_writes;
}

void RxRing::flush_batched() {
    uint16_t batch = m_size / 4 < 16 ? uint16_t(m_size / 4) : uint16_t(16);
    uint16_t unwritten = uint16_t((m_use + m_size - m_written) % m_size);
    uint16_t published = uint16_t((m_written + m_size - m_clean) % m_size);  // device's share
    if (unwritten >= batch || (unwritten > 0 && published < batch)) flush();
}

bool RxRing::has_done() const {
    return m_desc[m_clean].wb.status_error & kRxStatusDd;
}

void RxRing::repost(NetBuf* buf) {
    (void)post(buf);  // cannot fail: pop() just freed the slot this buffer came from
}

// Chapter 4, 2.3.
DevResult<NetBuf*> RxRing::pop() {
    // LAB ch04.rx: take a good frame off the ring (chapter 4, 2.3) | returns: DevError::Again
    while (true) {
        volatile AdvRxDesc& d = m_desc[m_clean];
        uint32_t status = d.wb.status_error;
        if (!(status & kRxStatusDd)) break;
        read_barrier();  // length and buffer after DD
        // The device owns only [m_clean, m_written): slots posted but not yet published by an
        // RDT write were never given to it either.
        if (m_clean == m_written) {
            if (m_stats.unposted_dd++ == 0) {
                axlog::warn(
                    "ixgbe: DD on unposted receive slot {}; ignored (counted in "
                    "unposted_dd)",
                    m_clean);
            }
            // The write-back overwrote the read format. A slot holding a posted buffer gets
            // its address again (the next RDT write hands it over); an empty one is zeroed.
            if (NetBuf* posted = m_bufs[m_clean]) {
                d.read.pkt_addr = posted->phys_addr().value;
                d.read.hdr_addr = 0;
            } else {
                zero(d);
            }
            break;
        }
        uint16_t len = d.wb.length;
        NetBuf* buf = m_bufs[m_clean];
        m_bufs[m_clean] = nullptr;
        zero(d);  // the slot is the driver's again
        m_clean = uint16_t((m_clean + 1) % m_size);
        --m_posted;

        bool eop = status & kRxStatusEop;
        if (m_discarding) {  // the rest of a frame refused below; its last buffer ends it
            m_discarding = !eop;
            repost(buf);
        } else if (!eop) {  // a frame spanning buffers: refused whole (no jumbo frames here)
            if (m_stats.no_eop++ == 0) {
                axlog::warn(
                    "ixgbe: receive write-back without EOP (a frame spanning "
                    "buffers); frame dropped (counted in no_eop)");
            }
            m_discarding = true;
            repost(buf);
        } else if (status & m_error_mask) {
            ++m_stats.errors;
            repost(buf);
        } else if (len == 0 || len > kRxBufferLen || len > buf->capacity()) {
            if (m_stats.bad_len++ == 0) {
                axlog::warn(
                    "ixgbe: write-back length {} for a {}-byte buffer; frame dropped "
                    "(counted in bad_len)",
                    len, buf->capacity());
            }
            repost(buf);
        } else {
            (void)buf->set_packet_len(len);
            ++m_stats.packets;
            flush_batched();
            return buf;
        }
    }
    flush_batched();  // buffers reposted above go back to the device
    return DevError::Again;
    // LAB END
}

void RxRing::drain(void (*fn)(NetBuf*)) {
    for (; m_posted > 0; --m_posted) {
        fn(m_bufs[m_clean]);
        m_bufs[m_clean] = nullptr;
        m_clean = uint16_t((m_clean + 1) % m_size);
    }
}

// --- transmit ---------------------------------------------------------------------------------

DevResult<> TxRing::init(Regs& regs, const DmaBlock& mem, uint16_t size, uint32_t base) {
    auto bufs = layout(mem, size);
    if (!bufs.ok()) return bufs.error();
    delete[] m_bufs;
    m_bufs = bufs.value();
    m_regs = &regs;
    m_desc = static_cast<volatile AdvTxDesc*>(mem.virt);
    m_clean = m_use = m_in_flight = 0;
    m_stats = {};
    m_phys = mem.phys;
    m_size = size;
    m_base = base;
    return {};
}

void TxRing::program() {
    program_ring(*m_regs, m_base, m_phys, m_size);
}

// Chapter 4, 2.4.
DevResult<> TxRing::transmit(NetBuf* buf) {
    if (!buf || buf->packet_len() == 0 || buf->packet_len() > kTxLenMask) {
        return DevError::InvalidParam;
    }
    // LAB ch04.tx: fill a descriptor, move TDT (chapter 4, 2.4) | returns: DevError::Again
    if (!can_transmit()) {
        ++m_stats.full;
        return DevError::Again;
    }
    uint32_t len = uint32_t(buf->packet_len());
    volatile AdvTxDesc& d = m_desc[m_use];
    // 82599 7.2.3.2.4 / 82576 7.2.2.3: one advanced data descriptor per frame: the whole frame
    // (EOP), the MAC adds the FCS (IFCS), DD is written back (RS); PAYLEN is the frame length.
    d.read.buffer_addr = buf->phys_addr().value + buf->header_len();
    d.read.cmd_type_len = len | kTxDtypData | kTxCmdDext | kTxCmdIfcs | kTxCmdEop | kTxCmdRs;
    d.read.olinfo_status = len << kTxPaylenShift;  // STA (3:0) = 0: DD clear until written back
    m_bufs[m_use] = buf;
    m_use = uint16_t((m_use + 1) % m_size);
    ++m_in_flight;
    write_barrier();
    // 82599 8.2.3.9.9 / 82576 8.12.10: TDT, one past the last descriptor to send.
    m_regs->write(m_base + kQTail, m_use);
    ++m_stats.tail_writes;
    ++m_stats.packets;
    return {};
    // LAB END
}

// Chapter 4, 2.5.
DevResult<size_t> TxRing::reclaim() {
    // LAB ch04.reclaim: free sent buffers in batches (chapter 4, 2.5) | returns: size_t(0)
    NetBuf* batch[NetBufPool::kMaxBatch];
    size_t n = 0, freed = 0;
    bool refused = false;
    auto flush_batch = [&] {
        if (n == 0) return;
        if (free_sent(batch, n).ok()) {
            freed += n;
        } else {
            refused = true;
        }
        n = 0;
    };
    while (m_in_flight > 0 && (m_desc[m_clean].wb.status & kTxStatusDd)) {
        NetBuf* buf = m_bufs[m_clean];
        m_bufs[m_clean] = nullptr;
        m_clean = uint16_t((m_clean + 1) % m_size);
        --m_in_flight;
        if (n == NetBufPool::kMaxBatch || (n > 0 && batch[0]->pool() != buf->pool())) {
            flush_batch();
        }
        batch[n++] = buf;
    }
    flush_batch();
    m_stats.reclaimed += freed;
    if (refused) {
        axlog::warn("ixgbe: a pool refused transmitted buffers (freed twice?); not freed");
        return DevError::BadState;
    }
    return freed;
    // LAB END
}

DevResult<> TxRing::free_sent(NetBuf* const* batch, size_t n) {
    for (size_t i = 0; i < n; ++i) (void)batch[i]->take_from_driver();
    return batch[0]->pool()->free_batch(batch, n);
}

void TxRing::drain(void (*fn)(NetBuf*)) {
    for (; m_in_flight > 0; --m_in_flight) {
        fn(m_bufs[m_clean]);
        m_bufs[m_clean] = nullptr;
        m_clean = uint16_t((m_clean + 1) % m_size);
    }
}

}  // namespace driver_ixgbe
