// axnet/src/netif.cpp: NetDevIf (see netif.h): the lwIP netif over a NetDriverOps NIC.
// Receive lends the driver's buffer to lwIP as a custom pbuf until lwIP has lend_bound() of
// them, then copies; transmit copies each frame once into a driver transmit buffer.
#include "netif.h"

#include <axlog/log.h>
#include <driver_net/net_buf.h>

#include <new>

#include "internal.h"
#include "lwip/etharp.h"
#include "netif/ethernet.h"

namespace axnet::detail {

using driver_net::NetBuf;
using driver_net::NetBufPtr;

namespace {
constexpr size_t kEthHeaderLen = 14;
constexpr size_t kArpFrameLen = kEthHeaderLen + 28;  // RFC 826 for IPv4 over Ethernet
constexpr uint16_t kEtherTypeArp = 0x0806;
constexpr uint16_t kMtu = 1500;
}  // namespace

AxResult<NetDevIf*> NetDevIf::create(const Device& dev) {
    if (!dev.ops || !dev.rx_pool) return AxError::InvalidInput;
    auto* self = new (std::nothrow) NetDevIf(dev);
    if (!self) return AxError::NoMemory;
    // The bound: half the receive queue. The other half stays posted whatever lwIP holds, so
    // the NIC can always take the next frame, which may be the one that frees the rest.
    self->m_bound = dev.ops->rx_queue_size() / 2;
    if (self->m_bound == 0) self->m_bound = 1;
    self->m_loans = new (std::nothrow) RxLoan[self->m_bound];
    if (!self->m_loans) {
        delete self;
        return AxError::NoMemory;
    }
    for (size_t i = 0; i < self->m_bound; ++i) {
        self->m_loans[i].owner = self;
        self->m_loans[i].next_free = self->m_free;
        self->m_free = &self->m_loans[i];
    }
    return self;
}

err_t NetDevIf::netif_init(netif* nif) {
    auto* self = static_cast<NetDevIf*>(nif->state);
    nif->name[0] = 'e';
    nif->name[1] = 'n';
    nif->mtu = kMtu;
    nif->hwaddr_len = ETH_HWADDR_LEN;
    driver_net::EthernetAddress mac = self->m_dev.ops->mac_address();
    for (int i = 0; i < ETH_HWADDR_LEN; ++i) nif->hwaddr[i] = mac.bytes[i];
    nif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET;
    nif->output = etharp_output;
    nif->linkoutput = link_output;
    return ERR_OK;
}

AxResult<> NetDevIf::start(const Config& cfg) {
    size_t posted = 0;
    for (; posted < m_dev.ops->rx_queue_size(); ++posted) {
        auto b = m_dev.rx_pool->alloc();
        if (!b.ok()) break;
        if (!m_dev.ops->recycle_rx_buffer(b.value()->into_buf_ptr()).ok()) {
            (void)m_dev.rx_pool->free(b.value());  // the queue is full: the buffer is still ours
            break;
        }
    }
    ip4_addr_t ip = to_lwip(cfg.dhcp ? Ipv4Addr::any() : cfg.ip);
    ip4_addr_t mask = to_lwip(cfg.dhcp ? Ipv4Addr::any() : cfg.netmask);
    ip4_addr_t gw = to_lwip(cfg.dhcp ? Ipv4Addr::any() : cfg.gateway);
    if (!netif_add(&m_netif, &ip, &mask, &gw, this, netif_init, ethernet_input)) {
        return AxError::NoMemory;
    }
    netif_set_up(&m_netif);
    netif_set_link_up(&m_netif);
    axlog::info("axnet: {}{} up, {} receive buffers posted, lwIP may hold {} of them", m_dev.name,
                unsigned(m_netif.num), posted, m_bound);
    return {};
}

void NetDevIf::poll() {
    for (size_t budget = m_dev.ops->rx_queue_size(); budget > 0; --budget) {
        auto r = m_dev.ops->receive();
        if (!r.ok()) break;  // Again: nothing pending
        ++g_counters.rx_frames;
        input(r.value());
    }
    // A failure is a corrupt handle inside the driver, which counts it; nothing to do here.
    (void)m_dev.ops->recycle_tx_buffers();
}

bool NetDevIf::arm_irq() {
    return m_dev.arm_rx_irq ? m_dev.arm_rx_irq(m_dev.ctx) : false;
}

// Chapter 5, 3.3: a frame from the NIC goes to lwIP
// in its own buffer while lwIP holds fewer than m_bound of them, and is copied (its buffer
// reposted at once) beyond that, so the receive queue never runs dry.
void NetDevIf::input(NetBufPtr buf) {
    const uint8_t* f = buf.packet();
    size_t len = buf.packet_len();
    // LAB ch05.rx_input: drop bad frames, lend the buffer or copy it (chapter 5, 3.3)
    if (len < kEthHeaderLen || len > 0xffff) {
        ++g_counters.rx_dropped_short;
        give_back(buf);
        return;
    }
    // lwIP 2.1.3's etharp_input() reads an ARP packet without checking its length (lwIP PR
    // #108, still open): drop short ARP frames here.
    if ((uint16_t(f[12] << 8 | f[13])) == kEtherTypeArp && len < kArpFrameLen) {
        ++g_counters.rx_dropped_arp;
        give_back(buf);
        return;
    }
    pbuf* p = nullptr;
    if (m_lent < m_bound && m_free) {
        p = lend(buf);
        ++g_counters.rx_zero_copy;
    } else {
        p = pbuf_alloc(PBUF_RAW, uint16_t(len), PBUF_POOL);
        if (!p) {
            ++g_counters.rx_dropped_no_pbuf;
            give_back(buf);
            return;
        }
        (void)pbuf_take(p, f, uint16_t(len));  // cannot fail: p has room for len bytes
        give_back(buf);
        ++g_counters.rx_copied;
    }
    // lwIP owns p from here on success; on failure the caller frees it (netif.h, input).
    if (m_netif.input(p, &m_netif) != ERR_OK) pbuf_free(p);
    // LAB END
}

pbuf* NetDevIf::lend(NetBufPtr buf) {
    RxLoan* loan = m_free;
    m_free = loan->next_free;
    loan->buf = buf;
    loan->pc.custom_free_function = rx_loan_free;
    ++m_lent;
    // PBUF_REF: the payload is outside lwIP's memory, so lwIP never grows headers into it;
    // it may still write into it (TCP swaps header fields in place): the buffer is ours.
    return pbuf_alloced_custom(PBUF_RAW, uint16_t(buf.packet_len()), PBUF_REF, &loan->pc,
                               buf.packet(), uint16_t(buf.packet_len()));
}

// Called by pbuf_free() when the last reference to a lent buffer goes, wherever that happens:
// in lwIP's input path, in a socket's recv(), in close().
void NetDevIf::rx_loan_free(pbuf* p) {
    // LAB ch05.rx_return: give the buffer back, free the loan record (chapter 5, 3.4)
    auto* loan = reinterpret_cast<RxLoan*>(p);  // the pbuf_custom is the loan's first member
    NetDevIf* self = loan->owner;
    self->give_back(loan->buf);
    loan->buf = NetBufPtr();
    loan->next_free = self->m_free;
    self->m_free = loan;
    --self->m_lent;
    // LAB END
}

void NetDevIf::give_back(NetBufPtr buf) {
    if (m_dev.ops->recycle_rx_buffer(buf).ok()) return;
    NetBuf* b = NetBuf::from_buf_ptr(buf);  // refused: the buffer is still ours
    (void)b->pool()->free(b);
    ++g_counters.rx_buffers_to_pool;
}

// Transmit copies once: NetDriverOps::transmit() takes a buffer of the driver's own pool
// (alloc_tx_buffer), while lwIP's pbufs live in lwIP's memory and TCP keeps them until they
// are acknowledged (it may send them again). Handing lwIP's memory to the NIC would need the
// driver to track pbuf references across retransmissions; one memcpy of at most 1514 bytes
// is cheaper than that bookkeeping at these rates. With LWIP_NETIF_TX_SINGLE_PBUF the copy is
// one piece.
err_t NetDevIf::link_output(netif* nif, pbuf* p) {
    auto* self = static_cast<NetDevIf*>(nif->state);
    driver_net::NetDriverOps& ops = *self->m_dev.ops;
    auto tx = ops.alloc_tx_buffer(p->tot_len);
    if (!tx.ok()) {
        (void)ops.recycle_tx_buffers();  // sent frames free their buffers
        tx = ops.alloc_tx_buffer(p->tot_len);
    }
    if (!tx.ok()) {
        ++g_counters.tx_no_buffer;
        return ERR_MEM;  // TCP retries from its timer; UDP reports it to the caller
    }
    (void)pbuf_copy_partial(p, tx.value().packet(), p->tot_len, 0);
    auto r = ops.transmit(tx.value());
    if (!r.ok()) {
        (void)ops.recycle_tx_buffers();
        r = ops.transmit(tx.value());
    }
    if (!r.ok()) {
        NetBuf* b = NetBuf::from_buf_ptr(tx.value());  // refused: still ours
        (void)b->pool()->free(b);
        ++g_counters.tx_no_buffer;
        return ERR_MEM;
    }
    ++g_counters.tx_frames;
    return ERR_OK;
}

}  // namespace axnet::detail
