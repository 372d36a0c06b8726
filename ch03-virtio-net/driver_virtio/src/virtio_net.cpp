// driver_virtio/src/virtio_net.cpp: the virtio-net driver (virtio 1.2 section 5.1).
// Every buffer is one descriptor: the 12-byte virtio_net_hdr followed by the frame, both in
// one NetBuf (its header room holds the header), which VIRTIO_F_VERSION_1 allows (5.1.6.6).
// Chapter 3 sections 5 and 6 explain each function; its section is named above it.
#include <axalloc/axalloc.h>
#include <axhal/cpu.h>
#include <axhal/time.h>
#include <axlog/log.h>
#include <driver_virtio/virtio_net.h>

#include <cstring>
#include <new>

namespace driver_virtio {

using driver_net::NetBuf;
using driver_net::NetBufPool;
namespace pci = axdriver::pci;

namespace {

VirtioNetDev* g_by_vector[256];
// The MSI-X table entry the receive queue's interrupts use.
constexpr uint16_t kRxMsixEntry = 0;
uint64_t g_leaked_dma_bytes;

// The MAC of a device without VIRTIO_NET_F_MAC: locally administered (bit 1 of the first byte).
constexpr driver_net::EthernetAddress kFallbackMac = {{0x02, 0x00, 0x00, 0x00, 0x00, 0x02}};
// Bit 0 of the status field of the device configuration: VIRTIO_NET_S_LINK_UP (5.1.4).
constexpr uint16_t kNetSLinkUp = 1;

uint16_t round_down_pow2(uint16_t v) {
    uint16_t p = 1;
    while (uint16_t(p << 1) != 0 && uint16_t(p << 1) <= v) p = uint16_t(p << 1);
    return p;
}

// A buffer the device has let go of goes back to its pool.
void give_back(void* token, void*) {
    auto* buf = static_cast<NetBuf*>(token);
    (void)buf->take_from_driver();
    (void)buf->pool()->free(buf);
}

uint64_t pool_bytes(const NetBufPool* pool) {
    return pool ? pool->capacity() * NetBufPool::stride(pool->buffer_len()) : 0;
}

}  // namespace

// Chapter 3, 6.3: count, acknowledge, and let the waiting code poll the queue.
void VirtioNetDev::irq_handler(axhal::TrapFrame& frame) {
    if (VirtioNetDev* dev = g_by_vector[frame.vector]) ++dev->m_stats.irqs;
    axhal::lapic_eoi();  // the CPU now leaves hlt; the waiting code polls the queue
}

uint64_t VirtioNetDev::leaked_dma_bytes() {
    return g_leaked_dma_bytes;
}

// Chapter 3, 5.3.
DevResult<VirtioNetDev*> VirtioNetDev::create(const pci::PciDevice& pci_dev) {
    auto* dev = new (std::nothrow) VirtioNetDev();
    if (!dev) return DevError::NoMemory;
    dev->m_pci = pci_dev;
    auto r = dev->start(pci_dev);
    if (!r.ok()) {
        dev->release();  // a device that failed to start leaves nothing behind it can still use
        delete dev;
        return r.error();
    }
    return dev;
}

// Chapter 3, 5.3: everything allocated once, and kept across reinit().
DevResult<> VirtioNetDev::start(const pci::PciDevice& pci_dev) {
    if (auto r = m_transport.init(pci::config_access(), pci_dev); !r.ok()) return r;

    size_t vq_bytes = SplitVirtqueue::memory_size(kQueueSize);
    auto rx_mem = axalloc::dma_alloc(vq_bytes);
    if (rx_mem.ok()) m_rx_region = rx_mem.value();
    auto tx_mem = axalloc::dma_alloc(vq_bytes);
    if (tx_mem.ok()) m_tx_region = tx_mem.value();
    // Receive: a full queue posted plus as many held by the stack; transmit likewise.
    auto rx_pool = NetBufPool::create(2 * kQueueSize, NetBufPool::kMinBufferLen);
    if (rx_pool.ok()) m_rx_pool = rx_pool.value();
    auto tx_pool = NetBufPool::create(2 * kQueueSize, NetBufPool::kMinBufferLen);
    if (tx_pool.ok()) m_tx_pool = tx_pool.value();
    if (!m_rx_region.virt || !m_tx_region.virt || !m_rx_pool || !m_tx_pool) {
        return DevError::NoMemory;
    }
    m_rx_mem = static_cast<uint8_t*>(m_rx_region.virt);
    m_rx_phys = m_rx_region.phys.value;
    m_tx_mem = static_cast<uint8_t*>(m_tx_region.virt);
    m_tx_phys = m_tx_region.phys.value;

    route_msix(pci_dev);
    if (m_rx_msix == kNoVector) axlog::info("virtio-net: no MSI-X; receive is polled");
    return bring_up();
}

// Chapter 3, 6.2: MSI-X table entry 0 -> a CPU vector, for the receive queue. Without MSI-X
// (or without a free vector) the driver polls.
void VirtioNetDev::route_msix(const pci::PciDevice& pci_dev) {
    auto msix = pci::read_msix(pci::config_access(), pci_dev);
    if (!msix.ok()) return;
    uint8_t vector = axhal::alloc_trap_vector(irq_handler);
    if (!vector) return;
    if (!pci::msix_route(pci::config_access(), pci_dev, msix.value(), kRxMsixEntry, vector).ok()) {
        axhal::free_trap_vector(vector);
        return;
    }
    m_msix = msix.value();
    m_msix_routed = true;
    m_vector = vector;
    m_rx_msix = kRxMsixEntry;
    g_by_vector[vector] = this;
}

// Chapter 3, 5.3 and 5.7: the device's buffers go back to their pools (after a reset only).
void VirtioNetDev::reclaim_buffers() {
    m_rx.reclaim_all(give_back, nullptr);
    m_tx.reclaim_all(give_back, nullptr);
}

// Chapter 3, 5.3: undo start(), whatever part of it succeeded.
void VirtioNetDev::release() {
    // PCI 3.0 6.8.2.3: no more messages to a vector that is about to be handed to someone else.
    // (Routed even if the device then refused the vector for its queue: m_rx_msix is kNoVector.)
    if (m_msix_routed) {
        (void)pci::msix_disable(pci::config_access(), m_pci, m_msix, kRxMsixEntry);
    }
    if (m_vector) {
        g_by_vector[m_vector] = nullptr;
        axhal::free_trap_vector(m_vector);
    }
    // Only a device confirmed reset has let go of the rings and buffers (BadState: init()
    // found no registers, so the device was never told any address).
    auto reset = m_transport.reset();
    if (!reset.ok() && reset.error() != DevError::BadState) {
        // 3.1.1: give up on the device. It may still write the rings and the buffers it was
        // given, so that memory is never reused: kept (leaked) on purpose, and counted.
        m_transport.add_status(kStatusFailed);
        uint64_t bytes =
            m_rx_region.size + m_tx_region.size + pool_bytes(m_rx_pool) + pool_bytes(m_tx_pool);
        g_leaked_dma_bytes += bytes;
        axlog::error(
            "virtio-net: the device did not reset; marked FAILED, its {} bytes of DMA "
            "memory are left to it, never reused",
            bytes);
        return;
    }
    reclaim_buffers();
    NetBufPool::destroy(m_rx_pool);
    NetBufPool::destroy(m_tx_pool);
    if (m_rx_region.virt) (void)axalloc::dma_free(m_rx_region);
    if (m_tx_region.virt) (void)axalloc::dma_free(m_tx_region);
}

// Chapter 3, 5.2.
DevResult<> VirtioNetDev::setup_queue(SplitVirtqueue& vq, uint16_t index, uint8_t* mem,
                                      uint64_t phys, uint16_t msix_vector) {
    if (auto r = vq.init(m_queue_size, mem, phys, m_features & kFEventIdx); !r.ok()) return r;
    return m_transport.setup_queue(index, m_queue_size, vq.desc_phys(), vq.avail_phys(),
                                   vq.used_phys(), msix_vector);
}

// Chapter 3, 1.2 and 5.3: the initialisation sequence of virtio 1.2 section 3.1.1, step by
// step, then the receive queue filled.
DevResult<> VirtioNetDev::bring_up() {
    m_needs_reset_seen = false;
    // 1. Reset: the device forgets any earlier driver's queues, buffers and features.
    if (auto r = m_transport.reset(); !r.ok()) return r;
    // 2. ACKNOWLEDGE: the guest has noticed the device.
    m_transport.add_status(kStatusAcknowledge);
    // 3. DRIVER: the guest knows how to drive it.
    m_transport.add_status(kStatusDriver);
    // 4. Read the device's features; write the subset this driver implements, of those offered
    //    (5.1.3). VERSION_1: the modern layout and a 12-byte header. Never ACCESS_PLATFORM: the
    //    driver gives the device physical addresses, with no IOMMU to translate them
    //    (chapter 3, 4.4).
    uint64_t offered = m_transport.device_features();
    if (!(offered & kFVersion1)) {
        axlog::warn("virtio-net: device does not offer VIRTIO_F_VERSION_1; not supported");
        m_transport.add_status(kStatusFailed);
        return DevError::Unsupported;
    }
    m_features = offered & (kFVersion1 | kNetFMac | kNetFStatus | kFEventIdx);
    m_transport.set_driver_features(m_features);
    // 5. FEATURES_OK: the driver will not change its features any more.
    m_transport.add_status(kStatusFeaturesOk);
    // 6. Read FEATURES_OK back: a device that cannot work with this subset has cleared it.
    if (!(m_transport.status() & kStatusFeaturesOk)) {
        axlog::warn("virtio-net: device refused features {:#x}", m_features);
        m_transport.add_status(kStatusFailed);
        return DevError::Unsupported;
    }
    // 7. Device-specific set-up: the queues (4.1.5.1.3) and their vectors, then the MAC.
    if (auto r = setup_queues(); !r.ok()) {
        m_transport.add_status(kStatusFailed);
        return r;
    }
    if (auto r = read_mac(); !r.ok()) {
        m_transport.add_status(kStatusFailed);
        return r;
    }
    // 8. DRIVER_OK: the device may use the queues from now on.
    m_transport.add_status(kStatusDriverOk);

    // Fill the receive queue, and publish it all at once.
    for (uint16_t i = 0; i < m_queue_size; ++i) {
        auto b = m_rx_pool->alloc();
        if (!b.ok()) break;
        if (!b.value()->hand_to_driver().ok() || !post_rx(b.value()).ok()) break;
    }
    publish(m_rx, kNetRxQueue);
    axlog::info("virtio-net: {:02x}:{:02x}.{} up, features {:#x}, queues of {}, {}", m_pci.bdf.bus,
                m_pci.bdf.device, m_pci.bdf.function, m_features, m_queue_size,
                m_rx_msix == kNoVector ? "polled" : "MSI-X receive interrupt");
    return {};
}

// Chapter 3, 5.2 (step 7 of bring_up): both queues of the same size, the receive queue with
// its MSI-X vector if it has one (polled without).
DevResult<> VirtioNetDev::setup_queues() {
    uint16_t size = kQueueSize;
    uint16_t rx_max = m_transport.queue_max_size(kNetRxQueue);
    uint16_t tx_max = m_transport.queue_max_size(kNetTxQueue);
    if (rx_max < size) size = rx_max;
    if (tx_max < size) size = tx_max;
    if (size == 0) return DevError::Io;  // a queue the device does not have
    m_queue_size = round_down_pow2(size);
    // 4.1.4.3: no interrupt for configuration changes (DEVICE_NEEDS_RESET is polled instead).
    m_transport.set_config_msix_vector(kNoVector);
    auto rx = setup_queue(m_rx, kNetRxQueue, m_rx_mem, m_rx_phys, m_rx_msix);
    if (!rx.ok() && rx.error() == DevError::Unsupported && m_rx_msix != kNoVector) {
        axlog::info("virtio-net: device refused the MSI-X vector; receive is polled");
        m_rx_msix = kNoVector;
        rx = setup_queue(m_rx, kNetRxQueue, m_rx_mem, m_rx_phys, kNoVector);
    }
    if (!rx.ok()) return rx;
    if (auto tx = setup_queue(m_tx, kNetTxQueue, m_tx_mem, m_tx_phys, kNoVector); !tx.ok()) {
        return tx;
    }
    // Completions are collected by polling: transmit always, receive without a vector. The
    // device need not even raise the interrupts (2.7.7).
    m_tx.disable_interrupts();
    if (m_rx_msix == kNoVector) m_rx.disable_interrupts();
    return {};
}

// Chapter 3, 5.2 (step 7 of bring_up): the MAC, all six bytes between two generation reads.
DevResult<> VirtioNetDev::read_mac() {
    if (!(m_features & kNetFMac)) {
        m_mac = kFallbackMac;
        return {};
    }
    auto r = m_transport.device_config_bytes(kNetCfgMac, m_mac.bytes, sizeof(m_mac.bytes));
    if (!r.ok()) {
        axlog::warn("virtio-net: cannot read a consistent MAC address: {}",
                    driver_common::dev_error_name(r.error()));
        return DevError::Io;
    }
    return {};
}

// Chapter 3, 4.3: publish what was added; notify the device if it asked (one place for the
// kick-and-notify sequence).
void VirtioNetDev::publish(SplitVirtqueue& vq, uint16_t queue) {
    if (vq.kick_prepare()) {
        m_transport.notify(queue);
        ++m_stats.notifications;
    }
}

// Chapter 3, 5.4: a buffer the driver holds, posted whole as one device-writable descriptor.
DevResult<> VirtioNetDev::post_rx(NetBuf* buf) {
    (void)buf->set_packet_len(0);
    (void)buf->set_header_len(0);
    SplitVirtqueue::Segment seg{buf->phys_addr().value, uint32_t(buf->capacity()), true};
    auto r = m_rx.add(&seg, 1, buf);
    if (!r.ok()) give_back(buf, nullptr);  // callers check for room first: never expected
    return r;
}

// Chapter 3, 5.5.
DevResult<> VirtioNetDev::recycle_rx_buffer(NetBufPtr rx_buf) {
    // LAB ch03.net_recycle_rx: check the buffer, post it back to the device (chapter 3, 5.5)
    NetBuf* buf = NetBuf::from_buf_ptr(rx_buf);
    if (!buf) return DevError::InvalidParam;
    if (auto r = buf->hand_to_driver(); !r.ok()) {  // given twice, or no pool
        ++m_stats.bad_buffers;
        return r;
    }
    DevError refusal{};
    if (buf->capacity() < kHeaderLen + kMaxFrameLen) refusal = DevError::InvalidParam;
    if (m_rx.free_descriptors() == 0) refusal = DevError::NoMemory;
    if (refusal != DevError{}) {
        (void)buf->take_from_driver();  // refused: the caller keeps it
        return refusal;
    }
    if (auto r = post_rx(buf); !r.ok()) return r;
    publish(m_rx, kNetRxQueue);
    return {};
    // LAB END
}

// Chapter 3, 5.5: the next good frame; buffers with impossible lengths go straight back to
// the device, and are published before returning so the device never runs dry.
DevResult<NetBufPtr> VirtioNetDev::receive() {
    // LAB ch03.net_receive: the next good frame; bad lengths re-posted (chapter 3, 5.5)
    bool reposted = false;
    DevResult<NetBufPtr> result = DevError::Again;
    while (true) {
        auto used = m_rx.pop_used();
        if (!used.ok()) break;  // Again: nothing more
        auto* buf = static_cast<NetBuf*>(used.value().token);
        uint32_t len = used.value().len;
        if (!used.value().len_ok || len < kHeaderLen) {
            if (m_stats.rx_bad_len++ == 0) {
                axlog::warn(
                    "virtio-net: device reported a used length of {} bytes for a {} "
                    "byte buffer; frame dropped (counted in rx_bad_len)",
                    len, buf->capacity());
            }
            reposted = post_rx(buf).ok() || reposted;
            continue;
        }
        (void)buf->take_from_driver();
        (void)buf->set_header_len(kHeaderLen);
        (void)buf->set_packet_len(len - kHeaderLen);
        ++m_stats.rx_packets;
        result = buf->into_buf_ptr();
        break;
    }
    if (reposted) publish(m_rx, kNetRxQueue);
    return result;
    // LAB END
}

// Chapter 3, 5.4.
DevResult<NetBufPtr> VirtioNetDev::alloc_tx_buffer(size_t size) {
    if (size > NetBufPool::kMinBufferLen - kHeaderLen) return DevError::InvalidParam;
    auto b = m_tx_pool->alloc();
    if (!b.ok()) return b.error();
    (void)b.value()->set_header_len(kHeaderLen);
    (void)b.value()->set_packet_len(size);
    return b.value()->into_buf_ptr();
}

// Chapter 3, 5.6: never waits; Again when the queue is full (the caller keeps the buffer).
DevResult<> VirtioNetDev::transmit(NetBufPtr tx_buf) {
    // LAB ch03.net_transmit: zero the header, queue one readable segment (chapter 3, 5.6)
    NetBuf* buf = NetBuf::from_buf_ptr(tx_buf);
    if (!buf || buf->header_len() != kHeaderLen) return DevError::InvalidParam;
    if (auto r = buf->hand_to_driver(); !r.ok()) {  // given twice, or no pool
        ++m_stats.bad_buffers;
        return r;
    }
    if (m_tx.free_descriptors() == 0) {
        (void)buf->take_from_driver();  // refused: the caller keeps it
        ++m_stats.tx_again;
        (void)device_needs_reset();  // a queue that stays full may be a device that stopped
        return DevError::Again;
    }
    std::memset(buf->header(), 0, kHeaderLen);  // no checksum offload, no GSO (5.1.6.2)
    SplitVirtqueue::Segment seg{buf->phys_addr().value, uint32_t(buf->packet_with_header_len()),
                                false};
    if (auto r = m_tx.add(&seg, 1, buf); !r.ok()) {
        (void)buf->take_from_driver();
        return r;
    }
    publish(m_tx, kNetTxQueue);
    ++m_stats.tx_packets;
    return {};
    // LAB END
}

// Chapter 3, 5.6.
DevResult<> VirtioNetDev::recycle_tx_buffers() {
    while (true) {
        auto used = m_tx.pop_used();
        if (!used.ok()) return {};
        auto* buf = static_cast<NetBuf*>(used.value().token);
        (void)buf->take_from_driver();
        if (auto r = buf->pool()->free(buf); !r.ok()) return r;
    }
}

// Chapter 3, 6.4.
bool VirtioNetDev::arm_rx_interrupt() {
    (void)device_needs_reset();
    if (m_rx_msix == kNoVector) return m_rx.has_used();
    return m_rx.enable_interrupts();
}

// Chapter 3, 5.7: DEVICE_NEEDS_RESET (2.1.2), reported once per occurrence.
bool VirtioNetDev::device_needs_reset() {
    if (!(m_transport.status() & kStatusDeviceNeedsReset)) {
        m_needs_reset_seen = false;
        return false;
    }
    if (!m_needs_reset_seen) {
        m_needs_reset_seen = true;
        ++m_stats.needs_reset;
        axlog::error(
            "virtio-net: the device set DEVICE_NEEDS_RESET; it will not work until "
            "reinit()");
    }
    return true;
}

// Chapter 3, 5.7.
DevResult<> VirtioNetDev::reinit() {
    ++m_stats.resets;
    if (auto r = m_transport.reset(); !r.ok()) return r;  // the device lets go of every buffer
    reclaim_buffers();
    return bring_up();
}

// Chapter 3, 5.2: the 16-bit status field with one 16-bit access (4.1.3.1).
bool VirtioNetDev::link_up() const {
    if (!(m_features & kNetFStatus)) return true;
    auto status = m_transport.device_config16(kNetCfgStatus);
    return status.ok() && (status.value() & kNetSLinkUp);
}

}  // namespace driver_virtio
