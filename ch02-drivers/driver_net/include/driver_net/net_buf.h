/// @file driver_net/net_buf.h
/// @brief Packet buffers (ArceOS driver_net::net_buf): NetBuf, the NetBufPtr hand-off handle,
/// and NetBufPool, a pool of fixed-size buffers carved from one DMA-able region.
///
/// Life cycle of a buffer (chapters/ch02-drivers.md draws it):
///   pool.alloc() -> NetBuf* (caller owns it) -> fill it -> into_buf_ptr() -> driver.transmit()
///   (driver owns it) -> driver.recycle_tx_buffers() -> pool.free() (pool owns it again).
/// Receive: pool.alloc() -> driver.recycle_rx_buffer() (driver owns it) -> the device fills it
/// -> driver.receive() returns it (caller owns it) -> caller gives it back with
/// driver.recycle_rx_buffer() or pool.free().
///
/// The buffer's bytes live in the pool's DMA region; its bookkeeping (NetBuf) lives apart from
/// the bytes, so a device writing a whole buffer cannot corrupt it. The pool is not locked: one
/// context (the network task of later stages) uses a pool at a time.
#pragma once
#include <axhal/mem.h>
#include <driver_common/driver_common.h>

#include <cstddef>
#include <cstdint>

namespace driver_net {

using driver_common::DevError;
using driver_common::DevResult;

class NetBufPool;
class NetBuf;

/// The type-erased hand-off of a buffer between a driver and its user (ArceOS NetBufPtr): a
/// pointer to the NetBuf object, and the packet's start and length. Holding a NetBufPtr means
/// owning the buffer; passing it to a function that takes ownership (transmit,
/// recycle_rx_buffer) gives it away.
class NetBufPtr {
public:
    /// A null handle.
    constexpr NetBufPtr() = default;
    /// A handle for the object @p raw whose packet is @p len bytes at @p buf.
    constexpr NetBufPtr(void* raw, uint8_t* buf, size_t len) : m_raw(raw), m_buf(buf), m_len(len) {}

    /// The object behind the handle, as a T (a NetBuf for pool buffers).
    template <class T>
    T* raw_ptr() const {
        return static_cast<T*>(m_raw);
    }
    /// The packet's first byte.
    uint8_t* packet() const { return m_buf; }
    /// The packet's length in bytes.
    size_t packet_len() const { return m_len; }
    /// Whether this is the null handle.
    bool is_null() const { return m_raw == nullptr; }

private:
    void* m_raw = nullptr;
    uint8_t* m_buf = nullptr;
    size_t m_len = 0;
};

/// One packet buffer: `capacity()` bytes of which the first `header_len()` are header room
/// (for a device header such as virtio-net's) followed by `packet_len()` bytes of packet.
class NetBuf {
public:
    /// The whole buffer, header room included.
    uint8_t* raw_buf() const { return m_buf; }
    /// Size of the whole buffer.
    size_t capacity() const { return m_capacity; }
    /// Bytes of header room in front of the packet.
    size_t header_len() const { return m_header_len; }
    /// Bytes of packet.
    size_t packet_len() const { return m_packet_len; }
    /// The header room: raw_buf() up to header_len().
    uint8_t* header() const { return m_buf; }
    /// The packet: after the header room.
    uint8_t* packet() const { return m_buf + m_header_len; }
    /// Header and packet together (what a device sends or receives).
    uint8_t* packet_with_header() const { return m_buf; }
    /// header_len() + packet_len().
    size_t packet_with_header_len() const { return m_header_len + m_packet_len; }
    /// Physical address of raw_buf(), for the device.
    axhal::PhysAddr phys_addr() const { return m_phys; }
    /// The pool the buffer belongs to.
    NetBufPool* pool() const { return m_pool; }

    /// Sets the header room. Error InvalidParam if header + packet would exceed capacity().
    [[nodiscard]] DevResult<> set_header_len(size_t len);
    /// Sets the packet length. Error InvalidParam if header + packet would exceed capacity().
    [[nodiscard]] DevResult<> set_packet_len(size_t len);

    /// Whether a driver holds the buffer now (it was given to transmit() or
    /// recycle_rx_buffer() and has not come back).
    bool held_by_driver() const { return m_state == State::HeldByDriver; }
    /// A driver takes the buffer (transmit(), recycle_rx_buffer()). Errors: InvalidParam (no
    /// pool, or not one of its pool's buffers), BadState (a driver holds it already: given
    /// twice; or it is free). On error nothing changes and the caller keeps the buffer.
    [[nodiscard]] DevResult<> hand_to_driver();
    /// The driver gives the buffer back to its user (receive(), a finished transmit before
    /// pool.free()). Error BadState if no driver held it.
    [[nodiscard]] DevResult<> take_from_driver();

    /// Turns the buffer into a hand-off handle (ownership moves with it).
    NetBufPtr into_buf_ptr() { return NetBufPtr(this, packet(), m_packet_len); }
    /// The buffer behind a handle made by into_buf_ptr().
    static NetBuf* from_buf_ptr(const NetBufPtr& ptr) { return ptr.raw_ptr<NetBuf>(); }

private:
    friend class NetBufPool;
    // Free: in its pool. InUse: its user owns it. HeldByDriver: a driver (and its device) has
    // it; the pool refuses to take it back until the driver lets go.
    enum class State : uint8_t { Free, InUse, HeldByDriver };

    uint8_t* m_buf = nullptr;
    axhal::PhysAddr m_phys;
    NetBufPool* m_pool = nullptr;
    uint32_t m_capacity = 0;
    uint32_t m_header_len = 0;
    uint32_t m_packet_len = 0;
    uint32_t m_index = 0;
    State m_state = State::Free;
};

/// A pool of `capacity` buffers of `buffer_len` bytes each. O(1) alloc and free (a stack of
/// free indexes), batch versions for up to kMaxBatch buffers. Exhaustion is an error value
/// (NoMemory), never a wait or a crash. Freeing a buffer twice (BadState) or a pointer that is
/// not one of this pool's buffers (InvalidParam) is refused, counted, and changes nothing.
class NetBufPool {
public:
    /// Smallest buffer: a 1514-byte Ethernet frame (no FCS: NICs strip it) plus a 12-byte
    /// virtio-net header (ArceOS: MIN_BUFFER_LEN).
    static constexpr size_t kMinBufferLen = 1526;
    /// Largest buffer (ArceOS: MAX_BUFFER_LEN).
    static constexpr size_t kMaxBufferLen = 65535;
    /// Largest batch for alloc_batch() and free_batch().
    static constexpr size_t kMaxBatch = 32;
    /// Most buffers in one pool.
    static constexpr size_t kMaxCapacity = 1u << 20;
    /// Each buffer starts on a multiple of this (a cache line), so buffers never share one.
    static constexpr size_t kBufferAlign = 64;

    /// The memory a pool runs on, provided by the caller (create() in the kernel; the host
    /// tests use ordinary memory).
    struct Memory {
        uint8_t* data;         ///< capacity * stride(buffer_len) bytes, kBufferAlign aligned.
        axhal::PhysAddr phys;  ///< Physical address of data (device view).
        NetBuf* bufs;          ///< capacity NetBuf objects.
        uint32_t* free_stack;  ///< capacity entries.
    };

    /// Distance between two buffers' starts for @p buffer_len.
    static constexpr size_t stride(size_t buffer_len) {
        return (buffer_len + kBufferAlign - 1) & ~(kBufferAlign - 1);
    }

    /// Sets the pool up on @p mem. Errors: InvalidParam (capacity 0 or above kMaxCapacity,
    /// buffer_len outside [kMinBufferLen, kMaxBufferLen], misaligned data).
    [[nodiscard]] DevResult<> init(size_t capacity, size_t buffer_len, const Memory& mem);

    /// Creates a pool in the kernel: the data from axalloc::dma_alloc, the bookkeeping from the
    /// heap. Errors: as init(), and NoMemory. The pool lives until the kernel stops.
    [[nodiscard]] static DevResult<NetBufPool*> create(size_t capacity, size_t buffer_len);

    /// Frees a pool made by create(): its DMA region and bookkeeping. Every buffer must be back
    /// in the pool (no device may still use one). @p pool may be null.
    static void destroy(NetBufPool* pool);

    /// Takes a buffer (header and packet length 0). The caller owns it. Error: NoMemory.
    [[nodiscard]] DevResult<NetBuf*> alloc();
    /// Gives a buffer back. Errors: InvalidParam (not this pool's), BadState (already free, or
    /// held by a driver: its device may still use it).
    [[nodiscard]] DevResult<> free(NetBuf* buf);

    /// Takes @p n buffers into @p out, all or none. Errors: InvalidParam (n > kMaxBatch),
    /// NoMemory (fewer than n free: none taken).
    [[nodiscard]] DevResult<> alloc_batch(NetBuf** out, size_t n);
    /// Gives @p n buffers back, all or none: if any is foreign (InvalidParam), free or repeated
    /// in the batch (BadState), nothing is freed and the error is returned (the caller still
    /// owns them all). n > kMaxBatch is InvalidParam too; every refusal counts in bad_frees.
    [[nodiscard]] DevResult<> free_batch(NetBuf* const* bufs, size_t n);

    /// Whether @p buf is one of this pool's buffers (free or not).
    bool owns(const NetBuf* buf) const;
    /// Number of buffers.
    size_t capacity() const { return m_capacity; }
    /// Size of each buffer.
    size_t buffer_len() const { return m_buffer_len; }
    /// Buffers free now.
    size_t available() const { return m_top; }

    /// Counters.
    struct Stats {
        uint64_t allocs;          ///< Buffers handed out.
        uint64_t frees;           ///< Buffers given back.
        uint64_t alloc_failures;  ///< alloc()/alloc_batch() calls refused with NoMemory.
        uint64_t bad_frees;       ///< free()/free_batch() calls refused.
        /// The fewest buffers that were ever free at once: how close the pool came to running
        /// dry, which is what sizing a pool needs. Chapter 2's exercise 1 maintains it; until
        /// then it stays at the capacity set by init().
        uint64_t low_water;
    };
    /// The counters so far.
    const Stats& stats() const { return m_stats; }

private:
    NetBuf* m_bufs = nullptr;
    uint32_t* m_free_stack = nullptr;
    size_t m_top = 0;  // free_stack[0, m_top) are free
    size_t m_capacity = 0;
    size_t m_buffer_len = 0;
    Stats m_stats = {};
};

}  // namespace driver_net
