// driver_ixgbe/src/ixgbe_nic.cpp: IxgbeNic, the bring-up both chips share (82599 datasheet
// 4.6.3-4.6.8, 82576 datasheet 4.5) with the chip's differences taken from its ChipMap, and
// the NetDriverOps operations over the ring engine (chapter 4, sections 3 and 5).
#include <axlog/log.h>
#include <driver_ixgbe/ixgbe_nic.h>

#include <new>

namespace driver_ixgbe {

using driver_net::NetBufPool;

namespace {

constexpr uint64_t kMs = 1000000;
constexpr uint32_t kRxQueue0Cause = 1u << IxgbeNic::kRxMsixEntry;  // EICR bit of the entry

// A NetBufPool whose bytes are DMA memory from the HAL and whose bookkeeping is on the heap.
struct OwnedPool {
    NetBufPool pool;
    NetBuf* bufs = nullptr;
    uint32_t* stack = nullptr;
    DmaBlock mem;
};

DevResult<NetBufPool*> make_pool(IxgbeHal& hal, size_t capacity, size_t buffer_len) {
    auto* p = new (std::nothrow) OwnedPool();
    if (!p) return DevError::NoMemory;
    p->bufs = new (std::nothrow) NetBuf[capacity];
    p->stack = new (std::nothrow) uint32_t[capacity];
    auto mem = hal.dma_alloc(capacity * NetBufPool::stride(buffer_len));
    if (mem.ok()) p->mem = mem.value();
    if (p->bufs && p->stack && mem.ok() &&
        p->pool
            .init(capacity, buffer_len,
                  {static_cast<uint8_t*>(p->mem.virt), axhal::PhysAddr{p->mem.phys}, p->bufs,
                   p->stack})
            .ok()) {
        return &p->pool;  // first member: the pool's address is the OwnedPool's
    }
    if (mem.ok()) hal.dma_dealloc(p->mem);
    delete[] p->bufs;
    delete[] p->stack;
    delete p;
    return DevError::NoMemory;
}

void free_pool(IxgbeHal& hal, NetBufPool* pool) {
    if (!pool) return;
    auto* p = reinterpret_cast<OwnedPool*>(pool);
    hal.dma_dealloc(p->mem);
    delete[] p->bufs;
    delete[] p->stack;
    delete p;
}

// A buffer the stopped device has let go of leaves the driver's hold and goes to its pool.
void give_back(NetBuf* buf) {
    (void)buf->take_from_driver();
    (void)buf->pool()->free(buf);
}

}  // namespace

// Every wait on the device is bounded (chapter 4, 3.2).
DevResult<> Regs::wait(uint32_t off, uint32_t mask, uint32_t want, uint64_t timeout_ns) {
    uint64_t start = m_hal.now_ns();
    while ((read(off) & mask) != want) {
        if (m_hal.now_ns() - start > timeout_ns) return DevError::Io;
        m_hal.relax();
    }
    return {};
}

// --- bring-up (chapter 4, section 3) ----------------------------------------------------------

DevResult<IxgbeNic*> IxgbeNic::create(IxgbeHal& hal, const ChipMap& chip, const Options& opt) {
    if (opt.ring_size < 8 || opt.ring_size > kMaxRingSize || opt.ring_size % 8 != 0) {
        return DevError::InvalidParam;
    }
    auto* nic = new (std::nothrow) IxgbeNic(hal, chip, opt);
    if (!nic) return DevError::NoMemory;
    if (auto r = nic->start(); !r.ok()) {
        destroy(nic);  // a device that failed to start leaves nothing behind
        return r.error();
    }
    return nic;
}

void IxgbeNic::destroy(IxgbeNic* nic) {
    if (!nic) return;
    nic->release();
    delete nic;
}

void IxgbeNic::release() {
    m_chip.mask_all(m_regs);
    // A reset stops all DMA (82599 4.6.3.2, 82576 4.5.2) before the memory goes back.
    m_regs.set(kCtrl, m_chip.reset_mask);
    (void)m_regs.wait(kCtrl, m_chip.reset_mask, 0, m_opt.reset_timeout_ns);
    m_rx.drain(give_back);
    m_tx.drain(give_back);
    free_pool(m_hal, m_rx_pool);
    free_pool(m_hal, m_tx_pool);
    m_rx_pool = m_tx_pool = nullptr;
    if (m_rx_mem.virt) m_hal.dma_dealloc(m_rx_mem);
    if (m_tx_mem.virt) m_hal.dma_dealloc(m_tx_mem);
    m_rx_mem = m_tx_mem = {};
}

DevResult<> IxgbeNic::start() {
    // Memory first: rings (16 bytes a descriptor, 4 KiB aligned) and pools. Receive: a full
    // ring posted plus as many held by the stack; transmit likewise.
    size_t ring_bytes = size_t(m_opt.ring_size) * sizeof(AdvRxDesc);
    auto rx_mem = m_hal.dma_alloc(ring_bytes);
    if (rx_mem.ok()) m_rx_mem = rx_mem.value();
    auto tx_mem = m_hal.dma_alloc(ring_bytes);
    if (tx_mem.ok()) m_tx_mem = tx_mem.value();
    auto rx_pool = make_pool(m_hal, 2 * size_t(m_opt.ring_size), kRxBufferLen);
    if (rx_pool.ok()) m_rx_pool = rx_pool.value();
    auto tx_pool = make_pool(m_hal, 2 * size_t(m_opt.ring_size), NetBufPool::kMinBufferLen);
    if (tx_pool.ok()) m_tx_pool = tx_pool.value();
    if (!m_rx_mem.virt || !m_tx_mem.virt || !m_rx_pool || !m_tx_pool) return DevError::NoMemory;

    if (auto r = reset(); !r.ok()) return r;
    if (auto r = read_mac(); !r.ok()) return r;
    if (auto r = m_chip.link_start(m_regs); !r.ok()) {
        axlog::warn("{}: the PHY did not answer; link not started", m_chip.driver);
        return r;
    }
    if (auto r = init_rx(); !r.ok()) return r;
    if (auto r = init_tx(); !r.ok()) return r;
    init_interrupts();

    // 82599 4.6.4 / 82576 4.5.4: auto-negotiation takes a while; wait for it, bounded. A link
    // still down is reported, not refused: a cable may be plugged in later.
    uint64_t t0 = m_hal.now_ns();
    while (!link_up() && m_hal.now_ns() - t0 < m_opt.link_timeout_ns) m_hal.relax();
    bool up = link_up();
    const uint8_t* m = m_mac.bytes;
    axlog::info(
        "{}: {} up, MAC {:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}, rings of {}, link {}, {}",
        m_chip.driver, m_chip.name, m[0], m[1], m[2], m[3], m[4], m[5], m_opt.ring_size,
        up ? "up" : "down", m_opt.msix ? "MSI-X receive interrupt" : "polled");
    return {};
}

DevResult<> IxgbeNic::reset() {
    // 82599 4.6.3.1 / 82576 4.5.1: no interrupts while initialising.
    m_chip.mask_all(m_regs);
    // 82599 4.6.3.2 / 82576 4.5.2: global reset (CTRL.RST, with LNK_RST on the 82599), then
    // wait, bounded, for the bits to self-clear.
    m_regs.set(kCtrl, m_chip.reset_mask);
    if (auto r = m_regs.wait(kCtrl, m_chip.reset_mask, 0, m_opt.reset_timeout_ns); !r.ok()) {
        axlog::warn("{}: the chip never finished its reset (CTRL {:#x})", m_chip.driver,
                    m_regs.read(kCtrl));
        return r;
    }
    // 82599 4.6.3.2: wait 10 ms after the reset before touching the device; then mask again,
    // since the reset restored the defaults.
    uint64_t t0 = m_hal.now_ns();
    while (m_hal.now_ns() - t0 < 10 * kMs) m_hal.relax();
    m_chip.mask_all(m_regs);
    if (auto r = m_chip.after_reset(m_regs); !r.ok()) {
        axlog::warn("{}: the chip never became ready after reset (EEPROM or DMA init)",
                    m_chip.driver);
        return r;
    }
    return {};
}

DevResult<> IxgbeNic::read_mac() {
    // 82599 8.2.3.7.8-9 / 82576 8.10.13-14: the EEPROM's MAC address is loaded into receive
    // address 0 at reset, with AV set.
    uint32_t lo = m_regs.read(kRal0), hi = m_regs.read(kRah0);
    if (!(hi & kRahAv)) {
        axlog::warn("{}: no valid MAC address in RAL0/RAH0", m_chip.driver);
        return DevError::BadState;
    }
    for (int i = 0; i < 4; ++i) m_mac.bytes[i] = uint8_t(lo >> (8 * i));
    m_mac.bytes[4] = uint8_t(hi), m_mac.bytes[5] = uint8_t(hi >> 8);
    return {};
}

DevResult<> IxgbeNic::init_rx() {
    // 82599 4.6.7 / 82576 4.5.9, queue 0.
    m_chip.rx_global(m_regs, m_opt.promisc);
    for (uint32_t i = 0; i < 128; ++i) m_regs.write(kMta + 4 * i, 0);  // no multicast groups
    // SRRCTL: advanced one-buffer descriptors, 2 KiB buffers, drop when no descriptor is free.
    m_regs.write(m_chip.srrctl, kSrrctlDescAdvOneBuf | kRxBufferKib | m_chip.srrctl_drop_en);
    if (auto r = m_rx.init(m_regs, m_rx_mem, m_opt.ring_size, m_chip.rx_ring, m_chip.rx_error_mask);
        !r.ok()) {
        return r;
    }
    m_rx.program();
    // RXDCTL.ENABLE, then wait until it reads back 1: the queue runs.
    m_regs.set(m_chip.rx_ring + kQXdctl, kXdctlEnable);
    if (auto r = m_regs.wait(m_chip.rx_ring + kQXdctl, kXdctlEnable, kXdctlEnable, 10 * kMs);
        !r.ok()) {
        axlog::warn("{}: receive queue 0 never enabled", m_chip.driver);
        return r;
    }
    while (m_rx.can_post()) {  // fill the ring; then RDT tells the device
        auto b = m_rx_pool->alloc();
        if (!b.ok()) return DevError::NoMemory;
        (void)b.value()->hand_to_driver();  // a fresh buffer of the pool: cannot fail
        if (!m_rx.post(b.value()).ok()) {
            give_back(b.value());
            return DevError::NoMemory;
        }
    }
    m_rx.flush();
    m_chip.rx_enable(m_regs, m_opt.promisc);
    return {};
}

DevResult<> IxgbeNic::init_tx() {
    // 82599 4.6.8 / 82576 4.5.10, queue 0.
    m_chip.tx_global(m_regs);
    if (auto r = m_tx.init(m_regs, m_tx_mem, m_opt.ring_size, m_chip.tx_ring); !r.ok()) return r;
    m_tx.program();
    m_regs.write(m_chip.tx_ring + kQXdctl, m_chip.txdctl_thresholds | kXdctlEnable);
    if (auto r = m_regs.wait(m_chip.tx_ring + kQXdctl, kXdctlEnable, kXdctlEnable, 10 * kMs);
        !r.ok()) {
        axlog::warn("{}: transmit queue 0 never enabled", m_chip.driver);
        return r;
    }
    m_chip.tx_enable(m_regs);
    return {};
}

// Chapter 4, section 5.
void IxgbeNic::init_interrupts() {
    // Polled: every cause stays masked (mask_all in reset()); DD write-back does not need them.
    if (!m_opt.msix) return;
    // 82599 7.3.1 / 82576 7.3.1.2: MSI-X mode, receive queue 0 -> entry kRxMsixEntry (IVAR);
    // its EICR bit clears itself when the message is sent (EIAC), EITR throttles it, EIMS
    // unmasks it.
    m_chip.route_rx_queue0(m_regs, kRxMsixEntry);
    m_regs.write(m_chip.eiac, kRxQueue0Cause);
    m_regs.write(m_chip.eitr0, m_opt.eitr);
    m_regs.write(m_chip.eims, kRxQueue0Cause);
}

// --- NetDriverOps (chapter 4, section 5) ------------------------------------------------------

// A buffer the driver holds (posted, or queued to send) is marked so (NetBuf::hand_to_driver,
// chapter 2): the same buffer given twice would be two slots the device fills or sends, and
// be freed twice. Refused instead, and counted, as chapter 3's virtio-net does.
DevResult<> IxgbeNic::recycle_rx_buffer(NetBufPtr rx_buf) {
    NetBuf* buf = NetBuf::from_buf_ptr(rx_buf);
    if (!buf) return DevError::InvalidParam;
    if (auto r = buf->hand_to_driver(); !r.ok()) {  // given twice, or no pool
        ++m_bad_buffers;
        return r;
    }
    auto r = m_rx.can_post() ? m_rx.post(buf) : DevResult<>(DevError::Again);  // Again: full
    if (!r.ok()) {
        (void)buf->take_from_driver();  // refused: the caller keeps it
        return r;
    }
    m_rx.flush_batched();
    return {};
}

DevResult<NetBufPtr> IxgbeNic::receive() {
    auto r = m_rx.pop();
    if (!r.ok()) return r.error();
    (void)r.value()->take_from_driver();  // the caller's now
    return r.value()->into_buf_ptr();
}

DevResult<NetBufPtr> IxgbeNic::alloc_tx_buffer(size_t size) {
    if (size > NetBufPool::kMinBufferLen) return DevError::InvalidParam;
    auto b = m_tx_pool->alloc();
    if (!b.ok()) return b.error();
    (void)b.value()->set_header_len(0);
    (void)b.value()->set_packet_len(size);
    return b.value()->into_buf_ptr();
}

DevResult<> IxgbeNic::transmit(NetBufPtr tx_buf) {
    NetBuf* buf = NetBuf::from_buf_ptr(tx_buf);
    if (!buf) return DevError::InvalidParam;
    if (auto r = buf->hand_to_driver(); !r.ok()) {  // given twice, or no pool
        ++m_bad_buffers;
        return r;
    }
    auto r = m_tx.transmit(buf);
    if (!r.ok()) (void)buf->take_from_driver();  // refused: the caller keeps it
    return r;
}

DevResult<> IxgbeNic::recycle_tx_buffers() {
    auto r = m_tx.reclaim();
    if (!r.ok()) return r.error();
    return {};
}

IxgbeNic::Stats IxgbeNic::stats() const {
    const RxStats& rx = m_rx.stats();
    const TxStats& tx = m_tx.stats();
    Stats st{};
    st.rx_packets = rx.packets;
    st.tx_packets = tx.packets;
    st.tx_again = tx.full;
    st.bad_buffers = m_bad_buffers;
    st.rx_bad_len = rx.bad_len;
    st.rx_no_eop = rx.no_eop;
    st.rx_errors = rx.errors;
    st.unposted_dd = rx.unposted_dd;
    st.irqs = m_irqs;
    st.notifications = rx.tail_writes + tx.tail_writes;
    st.rx_csum_ok = rx.csum_ok;
    st.rx_csum_bad = rx.csum_bad;
    return st;
}

}  // namespace driver_ixgbe
