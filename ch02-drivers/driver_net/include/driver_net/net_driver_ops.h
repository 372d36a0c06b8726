/// @file driver_net/net_driver_ops.h
/// @brief NetDriverOps, the interface every NIC driver implements (ArceOS
/// driver_net::NetDriverOps, with exactly its ten operations and their contracts).
///
/// Buffer ownership at each call is part of the contract:
/// - recycle_rx_buffer(buf): the driver takes @p buf and posts it for the device to fill.
/// - receive(): the driver gives the caller a filled buffer (one posted earlier).
/// - alloc_tx_buffer(size): the caller gets a buffer from the driver's transmit pool.
/// - transmit(buf): the driver takes @p buf (on success only) and queues it for the device.
/// - recycle_tx_buffers(): the driver returns buffers the device has sent to their pool.
#pragma once
#include <driver_common/driver_common.h>
#include <driver_net/net_buf.h>

#include <cstddef>
#include <cstdint>

namespace driver_net {

/// A 48-bit Ethernet MAC address.
struct EthernetAddress {
    uint8_t bytes[6] = {};  ///< In transmission order.
    /// Addresses compare byte by byte.
    bool operator==(const EthernetAddress&) const = default;
};

/// Operations a network device driver implements (ArceOS NetDriverOps).
class NetDriverOps : public driver_common::BaseDriverOps {
public:
    /// The NIC's MAC address.
    virtual EthernetAddress mac_address() const = 0;
    /// Whether transmit() can take a buffer now.
    virtual bool can_transmit() const = 0;
    /// Whether receive() has a buffer to return now.
    virtual bool can_receive() const = 0;
    /// Number of buffers the receive queue holds.
    virtual size_t rx_queue_size() const = 0;
    /// Number of buffers the transmit queue holds.
    virtual size_t tx_queue_size() const = 0;

    /// Gives @p rx_buf (which the caller owns: from receive() or from a pool) back to the
    /// receive queue for the device to fill. The driver owns it after success. Errors: NoMemory
    /// or Again (the queue is full; the caller keeps the buffer), InvalidParam.
    [[nodiscard]] virtual DevResult<> recycle_rx_buffer(NetBufPtr rx_buf) = 0;
    /// Returns every buffer the device has finished transmitting to its pool.
    [[nodiscard]] virtual DevResult<> recycle_tx_buffers() = 0;
    /// Queues @p tx_buf for transmission without blocking. On success the driver owns it until
    /// recycle_tx_buffers() frees it; on error the caller keeps it. Errors: Again (the
    /// transmit queue is full), InvalidParam.
    [[nodiscard]] virtual DevResult<> transmit(NetBufPtr tx_buf) = 0;
    /// Returns a received packet; the caller owns it and must give it back
    /// (recycle_rx_buffer() or its pool). Error: Again when nothing is pending. Buffers must have
    /// been posted with recycle_rx_buffer() first.
    [[nodiscard]] virtual DevResult<NetBufPtr> receive() = 0;
    /// Allocates a transmit buffer with room for @p size bytes of packet (after the driver's
    /// header room); its packet length is set to @p size. The caller owns it. Errors: NoMemory,
    /// InvalidParam (too big).
    [[nodiscard]] virtual DevResult<NetBufPtr> alloc_tx_buffer(size_t size) = 0;

protected:
    ~NetDriverOps() = default;
};

}  // namespace driver_net
