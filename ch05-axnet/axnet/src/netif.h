// axnet/src/netif.h: NetDevIf, the lwIP network interface over one NetDriverOps NIC (ArceOS
// axnet's DeviceWrapper): zero-copy receive with a bound on the driver buffers lwIP may hold,
// transmit by one copy, and the frames dropped before lwIP sees them. Chapter 5, 3.3-3.5.
#pragma once
#include <axnet/axnet.h>

#include "lwip/netif.h"
#include "lwip/pbuf.h"

namespace axnet::detail {

class NetDevIf;

/// One driver receive buffer lent to lwIP: a custom pbuf whose free function gives the buffer
/// back to the driver. The pbuf_custom comes first, so lwIP's pbuf pointer is this object.
struct RxLoan {
    pbuf_custom pc;             ///< What lwIP sees.
    NetDevIf* owner;            ///< The interface whose driver the buffer belongs to.
    driver_net::NetBufPtr buf;  ///< The driver's buffer.
    RxLoan* next_free;          ///< Free list link while not lent.
};

/// An lwIP netif over a NIC.
class NetDevIf {
public:
    /// Allocates the loan records (@p dev's receive queue size / 2 of them: the bound).
    /// Error: NoMemory.
    [[nodiscard]] static AxResult<NetDevIf*> create(const Device& dev);

    /// Posts receive buffers from the device's pool and adds the netif to lwIP, configured by
    /// @p cfg (0.0.0.0 when cfg.dhcp). Errors: NoMemory (lwIP refused the netif).
    [[nodiscard]] AxResult<> start(const Config& cfg);
    /// Takes every frame the NIC has (up to one queue's worth) into lwIP, then reclaims
    /// transmit buffers.
    void poll();
    /// Arms the NIC's receive interrupt; true if a frame is already pending.
    bool arm_irq();

    /// The lwIP netif.
    netif* lwip_netif() { return &m_netif; }
    /// Driver receive buffers lwIP holds now.
    size_t lent() const { return m_lent; }
    /// The most it may hold.
    size_t lend_bound() const { return m_bound; }
    /// Free buffers in the receive pool.
    size_t rx_pool_free() const { return m_dev.rx_pool->available(); }

    /// netif->linkoutput: copies @p p into one transmit buffer and queues it.
    static err_t link_output(netif* nif, pbuf* p);
    /// pbuf_custom's free function: the buffer goes back to the driver.
    static void rx_loan_free(pbuf* p);

private:
    explicit NetDevIf(const Device& dev) : m_dev(dev) {}
    static err_t netif_init(netif* nif);
    void input(driver_net::NetBufPtr buf);
    /// Lends @p buf to lwIP as a custom PBUF_REF pbuf over its packet: takes a loan record
    /// (one must be free), raises m_lent; counting rx_zero_copy is the caller's. Never null:
    /// pbuf_alloced_custom fails only for a length beyond the memory given, and both are the
    /// packet's length.
    pbuf* lend(driver_net::NetBufPtr buf);
    void give_back(driver_net::NetBufPtr buf);

    Device m_dev;
    netif m_netif = {};
    RxLoan* m_loans = nullptr;
    RxLoan* m_free = nullptr;
    size_t m_bound = 0;
    size_t m_lent = 0;
};

}  // namespace axnet::detail
