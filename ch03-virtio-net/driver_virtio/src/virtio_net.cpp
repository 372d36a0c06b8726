// driver_virtio/src/virtio_net.cpp: the virtio-net driver (virtio 1.2 section 5.1).
// Every buffer is one descriptor: the 12-byte virtio_net_hdr followed by the frame, both in
// one NetBuf (its header room holds the header), which VIRTIO_F_VERSION_1 allows (5.1.6.6).
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

uint16_t round_down_pow2(uint16_t v) {
    uint16_t p = 1;
    while (uint16_t(p << 1) != 0 && uint16_t(p << 1) <= v) p = uint16_t(p << 1);
    return p;
}

}  // namespace

void VirtioNetDev::irq_handler(axhal::TrapFrame& frame) {
    if (VirtioNetDev* dev = g_by_vector[frame.vector]) ++dev->m_stats.irqs;
    axhal::lapic_eoi();  // the CPU now leaves hlt; the waiting code polls the queue
}

DevResult<VirtioNetDev*> VirtioNetDev::create(const pci::PciDevice& pci_dev) {
    auto* dev = new (std::nothrow) VirtioNetDev();
    if (!dev) return DevError::NoMemory;
    dev->m_pci = pci_dev;
    auto r = dev->start(pci_dev);
    if (!r.ok()) {
        dev->release();  // a device that failed to start leaves nothing behind
        delete dev;
        return r.error();
    }
    return dev;
}

DevResult<> VirtioNetDev::start(const pci::PciDevice& pci_dev) {
    if (auto r = m_transport.init(pci::config_access(), pci_dev); !r.ok()) return r;

    // Queue memory and buffer pools are allocated once and kept across reinit().
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

    // MSI-X entry 0 -> a CPU vector, for the receive queue. Without MSI-X the driver polls.
    auto msix = pci::read_msix(pci::config_access(), pci_dev);
    if (msix.ok()) {
        uint8_t vector = axhal::alloc_trap_vector(irq_handler);
        if (vector && pci::msix_route(pci::config_access(), pci_dev, msix.value(), 0, vector).ok()) {
            m_vector = vector;
            m_rx_msix = 0;
            g_by_vector[vector] = this;
        } else if (vector) {
            axhal::free_trap_vector(vector);
        }
    }
    if (m_rx_msix == kNoVector) axlog::info("virtio-net: no MSI-X; receive is polled");
    return bring_up();
}

void VirtioNetDev::release() {
    (void)m_transport.reset();  // if it got that far: the device lets go of every buffer
    if (m_vector) {
        g_by_vector[m_vector] = nullptr;
        axhal::free_trap_vector(m_vector);
    }
    auto give_back = [](void* token, void*) {
        auto* buf = static_cast<NetBuf*>(token);
        (void)buf->pool()->free(buf);
    };
    m_rx.reclaim_all(give_back, nullptr);
    m_tx.reclaim_all(give_back, nullptr);
    NetBufPool::destroy(m_rx_pool);
    NetBufPool::destroy(m_tx_pool);
    if (m_rx_region.virt) (void)axalloc::dma_free(m_rx_region);
    if (m_tx_region.virt) (void)axalloc::dma_free(m_tx_region);
}

DevResult<> VirtioNetDev::setup_queue(SplitVirtqueue& vq, uint16_t index, uint8_t* mem,
                                      uint64_t phys, uint16_t msix_vector) {
    if (auto r = vq.init(m_queue_size, mem, phys, m_features & kFEventIdx); !r.ok()) return r;
    return m_transport.setup_queue(index, m_queue_size, vq.desc_phys(), vq.avail_phys(),
                                   vq.used_phys(), msix_vector);
}

// The initialisation sequence of virtio 1.2 section 3.1.1.
DevResult<> VirtioNetDev::bring_up() {
    if (auto r = m_transport.reset(); !r.ok()) return r;
    m_transport.add_status(kStatusAcknowledge);
    m_transport.add_status(kStatusDriver);
    uint64_t offered = m_transport.device_features();
    if (!(offered & kFVersion1)) {
        axlog::warn("virtio-net: device does not offer VIRTIO_F_VERSION_1; not supported");
        m_transport.add_status(kStatusFailed);
        return DevError::Unsupported;
    }
    // Accept only what this driver implements, and only what the device offered.
    m_features = offered & (kFVersion1 | kNetFMac | kNetFStatus | kFEventIdx);
    m_transport.set_driver_features(m_features);
    m_transport.add_status(kStatusFeaturesOk);
    if (!(m_transport.status() & kStatusFeaturesOk)) {
        axlog::warn("virtio-net: device refused features {:#x}", m_features);
        m_transport.add_status(kStatusFailed);
        return DevError::Unsupported;
    }

    uint16_t rx_max = m_transport.queue_max_size(kNetRxQueue);
    uint16_t tx_max = m_transport.queue_max_size(kNetTxQueue);
    uint16_t size = kQueueSize;
    if (rx_max < size) size = rx_max;
    if (tx_max < size) size = tx_max;
    m_queue_size = round_down_pow2(size);
    m_transport.set_config_msix_vector(kNoVector);
    auto rx = setup_queue(m_rx, kNetRxQueue, m_rx_mem, m_rx_phys, m_rx_msix);
    if (!rx.ok() && rx.error() == DevError::Unsupported && m_rx_msix != kNoVector) {
        axlog::info("virtio-net: device refused the MSI-X vector; receive is polled");
        m_rx_msix = kNoVector;
        rx = setup_queue(m_rx, kNetRxQueue, m_rx_mem, m_rx_phys, kNoVector);
    }
    auto tx = setup_queue(m_tx, kNetTxQueue, m_tx_mem, m_tx_phys, kNoVector);
    if (!rx.ok() || !tx.ok() || size == 0) {
        m_transport.add_status(kStatusFailed);
        return rx.ok() ? (tx.ok() ? DevError::Io : tx.error()) : rx.error();
    }
    m_tx.disable_interrupts();  // transmit completions are collected by polling

    if (m_features & kNetFMac) {
        for (int i = 0; i < 6; ++i)
            m_mac.bytes[i] = m_transport.device_config8(uint16_t(kNetCfgMac + i));
    } else {
        m_mac = {{0x02, 0x00, 0x00, 0x00, 0x00, 0x02}};  // locally administered
    }
    m_transport.add_status(kStatusDriverOk);

    // Fill the receive queue.
    for (uint16_t i = 0; i < m_queue_size; ++i) {
        auto b = m_rx_pool->alloc();
        if (!b.ok()) break;
        post_rx(b.value());
    }
    if (m_rx.kick_prepare()) {
        m_transport.notify(kNetRxQueue);
        ++m_stats.notifications;
    }
    axlog::info("virtio-net: {:02x}:{:02x}.{} up, features {:#x}, queues of {}, {}", m_pci.bdf.bus,
                m_pci.bdf.device, m_pci.bdf.function, m_features, m_queue_size,
                m_rx_msix == kNoVector ? "polled" : "MSI-X receive interrupt");
    return {};
}

void VirtioNetDev::post_rx(NetBuf* buf) {
    (void)buf->set_packet_len(0);
    (void)buf->set_header_len(0);
    SplitVirtqueue::Segment seg{buf->phys_addr().value, uint32_t(buf->capacity()), true};
    if (!m_rx.add(&seg, 1, buf).ok()) (void)buf->pool()->free(buf);  // queue full: cannot be
}

DevResult<> VirtioNetDev::recycle_rx_buffer(NetBufPtr rx_buf) {
    NetBuf* buf = NetBuf::from_buf_ptr(rx_buf);
    if (!buf || buf->capacity() < kHeaderLen + 1514) return DevError::InvalidParam;
    if (m_rx.free_descriptors() == 0) return DevError::NoMemory;
    post_rx(buf);
    if (m_rx.kick_prepare()) {
        m_transport.notify(kNetRxQueue);
        ++m_stats.notifications;
    }
    return {};
}

DevResult<NetBufPtr> VirtioNetDev::receive() {
    while (true) {
        auto used = m_rx.pop_used();
        if (!used.ok()) return used.error();  // Again
        auto* buf = static_cast<NetBuf*>(used.value().token);
        uint32_t len = used.value().len;
        if (!used.value().len_ok || len < kHeaderLen) {
            if (m_stats.rx_bad_len++ == 0) {
                axlog::warn(
                    "virtio-net: device reported a used length of {} bytes for a {} "
                    "byte buffer; frame dropped (counted in rx_bad_len)",
                    len, buf->capacity());
            }
            post_rx(buf);
            continue;
        }
        (void)buf->set_header_len(kHeaderLen);
        (void)buf->set_packet_len(len - kHeaderLen);
        ++m_stats.rx_packets;
        return buf->into_buf_ptr();
    }
}

DevResult<NetBufPtr> VirtioNetDev::alloc_tx_buffer(size_t size) {
    if (size > NetBufPool::kMinBufferLen - kHeaderLen) return DevError::InvalidParam;
    auto b = m_tx_pool->alloc();
    if (!b.ok()) return b.error();
    (void)b.value()->set_header_len(kHeaderLen);
    (void)b.value()->set_packet_len(size);
    return b.value()->into_buf_ptr();
}

DevResult<> VirtioNetDev::transmit(NetBufPtr tx_buf) {
    NetBuf* buf = NetBuf::from_buf_ptr(tx_buf);
    if (!buf || buf->header_len() != kHeaderLen) return DevError::InvalidParam;
    if (m_tx.free_descriptors() == 0) {
        ++m_stats.tx_again;
        return DevError::Again;
    }
    std::memset(buf->header(), 0, kHeaderLen);  // no checksum offload, no GSO (5.1.6.2)
    SplitVirtqueue::Segment seg{buf->phys_addr().value, uint32_t(buf->packet_with_header_len()),
                                false};
    if (auto r = m_tx.add(&seg, 1, buf); !r.ok()) return r;
    if (m_tx.kick_prepare()) {
        m_transport.notify(kNetTxQueue);
        ++m_stats.notifications;
    }
    ++m_stats.tx_packets;
    return {};
}

DevResult<> VirtioNetDev::recycle_tx_buffers() {
    while (true) {
        auto used = m_tx.pop_used();
        if (!used.ok()) return {};
        auto* buf = static_cast<NetBuf*>(used.value().token);
        if (auto r = buf->pool()->free(buf); !r.ok()) return r;
    }
}

bool VirtioNetDev::arm_rx_interrupt() {
    if (m_rx_msix == kNoVector) return m_rx.has_used();
    return m_rx.enable_interrupts();
}

DevResult<> VirtioNetDev::reinit() {
    ++m_stats.resets;
    if (auto r = m_transport.reset(); !r.ok()) return r;  // the device lets go of every buffer
    auto give_back = [](void* token, void*) {
        auto* buf = static_cast<NetBuf*>(token);
        (void)buf->pool()->free(buf);
    };
    m_rx.reclaim_all(give_back, nullptr);
    m_tx.reclaim_all(give_back, nullptr);
    return bring_up();
}

bool VirtioNetDev::link_up() const {
    if (!(m_features & kNetFStatus)) return true;
    return m_transport.device_config8(kNetCfgStatus) & 1;
}

}  // namespace driver_virtio
