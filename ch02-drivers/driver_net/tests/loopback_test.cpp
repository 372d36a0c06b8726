// driver_net/tests/loopback_test.cpp: host tests of LoopbackNic over two host pools: queue
// limits, the buffer ownership contract of NetDriverOps, drops, and a randomized model run.
// Every frame sent here is a frame a real NIC would accept: at least an Ethernet header long
// and addressed to the NIC's own MAC, so that these tests still hold once the NIC filters by
// destination (chapter 2, exercise 2).
#include <driver_net/loopback.h>

#include <catch2/catch_test_macros.hpp>

#include "host_pool.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <vector>

using driver_common::DevError;
using driver_net::EthernetAddress;
using driver_net::LoopbackNic;
using driver_net::NetBuf;
using driver_net::NetBufPool;
using driver_net::NetBufPtr;

namespace {

constexpr size_t kQ = LoopbackNic::kQueueSize;
constexpr size_t kLen = NetBufPool::kMinBufferLen;  // every pool here: 1526-byte buffers
constexpr EthernetAddress kMac{{0x02, 0, 0, 0, 0, 0x42}};
// The shortest frame sent: an Ethernet header (destination, source, EtherType).
constexpr size_t kMinFrame = 14;

// A pool of @p capacity buffers of kLen bytes on host memory (fake physical addresses).
struct HostPool : driver_net::testing::HostPool {
    explicit HostPool(size_t capacity) : driver_net::testing::HostPool(capacity, kLen) {
        REQUIRE(ok());
    }
};

// The bytes of frame @p seq: byte i of it. The destination (bytes 0-5) is the NIC's MAC.
uint8_t frame_byte(uint32_t seq, size_t i) {
    if (i < sizeof(kMac.bytes)) return kMac.bytes[i];
    return uint8_t(seq * 131 + i * 7 + (i >> 8));
}

// Fills @p ptr's packet with frame @p seq.
void fill_frame(const NetBufPtr& ptr, uint32_t seq) {
    for (size_t i = 0; i < ptr.packet_len(); ++i) ptr.packet()[i] = frame_byte(seq, i);
}

// Whether @p ptr holds exactly frame @p seq of @p len bytes.
bool is_frame(const NetBufPtr& ptr, uint32_t seq, size_t len) {
    if (ptr.packet_len() != len) return false;
    for (size_t i = 0; i < len; ++i) {
        if (ptr.packet()[i] != frame_byte(seq, i)) return false;
    }
    return true;
}

// Posts @p n buffers of @p pool to @p nic, each with @p header_len bytes of header room.
std::vector<NetBuf*> post(LoopbackNic& nic, NetBufPool& pool, size_t n, size_t header_len = 0) {
    std::vector<NetBuf*> posted;
    for (size_t i = 0; i < n; ++i) {
        auto b = pool.alloc();
        REQUIRE(b.ok());
        REQUIRE(b.value()->set_header_len(header_len).ok());
        REQUIRE(nic.recycle_rx_buffer(b.value()->into_buf_ptr()).ok());
        posted.push_back(b.value());
    }
    return posted;
}

// Allocates a transmit buffer of @p len bytes holding frame @p seq and transmits it.
NetBuf* send(LoopbackNic& nic, uint32_t seq, size_t len) {
    auto tx = nic.alloc_tx_buffer(len);
    REQUIRE(tx.ok());
    fill_frame(tx.value(), seq);
    REQUIRE(nic.transmit(tx.value()).ok());
    return NetBuf::from_buf_ptr(tx.value());
}

}  // namespace

TEST_CASE("LoopbackNic describes itself and starts with nothing to receive", "[loopback]") {
    HostPool tx(8);
    LoopbackNic nic(&tx.pool, kMac);
    const driver_net::NetDriverOps& ops = nic;
    CHECK(std::strcmp(ops.device_name(), "loopback") == 0);
    CHECK(ops.device_type() == driver_common::DeviceType::Net);
    CHECK(ops.mac_address() == kMac);
    CHECK(ops.rx_queue_size() == kQ);
    CHECK(ops.tx_queue_size() == kQ);
    CHECK(ops.can_transmit());
    CHECK(!ops.can_receive());
    auto r = nic.receive();
    CHECK((!r.ok() && r.error() == DevError::Again));
    CHECK(nic.recycle_tx_buffers().ok());  // nothing sent: nothing to do
    CHECK(nic.stats().tx_recycled == 0);
    CHECK(nic.transmit(NetBufPtr()).error() == DevError::InvalidParam);
    CHECK(nic.recycle_rx_buffer(NetBufPtr()).error() == DevError::InvalidParam);
    CHECK(nic.stats().tx_packets == 0);
}

TEST_CASE("alloc_tx_buffer sets the packet length and returns a too-big buffer to the pool",
          "[loopback]") {
    HostPool tx(4);
    LoopbackNic nic(&tx.pool, kMac);
    auto a = nic.alloc_tx_buffer(60);
    REQUIRE(a.ok());
    NetBuf* b = NetBuf::from_buf_ptr(a.value());
    CHECK(tx.pool.owns(b));
    CHECK(a.value().packet_len() == 60);
    CHECK(b->packet_len() == 60);
    CHECK(b->header_len() == 0);
    CHECK(a.value().packet() == b->packet());
    CHECK(tx.pool.available() == 3);

    auto full = nic.alloc_tx_buffer(kLen);  // exactly the capacity
    REQUIRE(full.ok());
    CHECK(full.value().packet_len() == kLen);
    CHECK(tx.pool.available() == 2);

    uint64_t frees = tx.pool.stats().frees;
    auto big = nic.alloc_tx_buffer(kLen + 1);
    CHECK((!big.ok() && big.error() == DevError::InvalidParam));
    CHECK(tx.pool.available() == 2);  // taken and given back
    CHECK(tx.pool.stats().frees == frees + 1);
    CHECK(nic.alloc_tx_buffer(SIZE_MAX).error() == DevError::InvalidParam);
    CHECK(tx.pool.available() == 2);

    auto c = nic.alloc_tx_buffer(0);
    auto d = nic.alloc_tx_buffer(1);
    REQUIRE((c.ok() && d.ok()));
    CHECK(nic.alloc_tx_buffer(1).error() == DevError::NoMemory);
    CHECK(tx.pool.available() == 0);
}

TEST_CASE("A frame with no receive buffer posted is dropped; its tx buffer still recycles",
          "[loopback]") {
    HostPool tx(4);
    LoopbackNic nic(&tx.pool, kMac);
    send(nic, 1, 100);
    CHECK(nic.stats().tx_packets == 1);
    CHECK(nic.stats().rx_dropped == 1);
    CHECK(nic.stats().rx_packets == 0);
    CHECK(!nic.can_receive());
    CHECK(nic.receive().error() == DevError::Again);
    CHECK(tx.pool.available() == 3);  // the NIC holds it until recycled
    REQUIRE(nic.recycle_tx_buffers().ok());
    CHECK(tx.pool.available() == 4);
    CHECK(nic.stats().tx_recycled == 1);
}

TEST_CASE("recycle_tx_buffers gives back exactly the transmitted buffers", "[loopback]") {
    HostPool tx(16), rx(16);
    LoopbackNic nic(&tx.pool, kMac);
    post(nic, rx.pool, 4);
    std::vector<NetBuf*> sent;
    for (uint32_t i = 0; i < 6; ++i) sent.push_back(send(nic, i, 64 + i));
    auto kept = nic.alloc_tx_buffer(64);  // allocated, never transmitted
    REQUIRE(kept.ok());
    CHECK(tx.pool.available() == 16 - 7);
    REQUIRE(nic.recycle_tx_buffers().ok());
    CHECK(nic.stats().tx_recycled == 6);
    CHECK(tx.pool.available() == 16 - 1);
    // Each sent buffer is free again (freeing it twice is refused); the kept one is not.
    for (NetBuf* b : sent) CHECK(tx.pool.free(b).error() == DevError::BadState);
    CHECK(tx.pool.free(NetBuf::from_buf_ptr(kept.value())).ok());
    // A second call has nothing to give back.
    REQUIRE(nic.recycle_tx_buffers().ok());
    CHECK(nic.stats().tx_recycled == 6);
    CHECK(tx.pool.available() == 16);
    CHECK(rx.pool.available() == 12);  // four frames received, none recycled yet
    CHECK(tx.pool.stats().bad_frees == 6);
}

TEST_CASE("recycle_rx_buffer on a full receive queue fails with NoMemory; the caller keeps it",
          "[loopback]") {
    HostPool tx(4), rx(kQ + 2);
    LoopbackNic nic(&tx.pool, kMac);
    std::vector<NetBuf*> posted = post(nic, rx.pool, kQ);
    auto extra = rx.pool.alloc();
    REQUIRE(extra.ok());
    auto r = nic.recycle_rx_buffer(extra.value()->into_buf_ptr());
    CHECK((!r.ok() && r.error() == DevError::NoMemory));
    // Still the caller's: the pool accepts it back, and no frame ever lands in it.
    CHECK(rx.pool.free(extra.value()).ok());
    std::set<NetBuf*> seen;
    for (uint32_t i = 0; i < kQ; ++i) {
        send(nic, i, 60);
        auto got = nic.receive();
        REQUIRE(got.ok());
        CHECK(is_frame(got.value(), i, 60));
        seen.insert(NetBuf::from_buf_ptr(got.value()));
        REQUIRE(nic.recycle_tx_buffers().ok());
    }
    CHECK(seen == std::set<NetBuf*>(posted.begin(), posted.end()));
    CHECK(nic.stats().rx_dropped == 0);
}

TEST_CASE("transmit on a full completion queue fails with Again; the caller keeps the buffer",
          "[loopback]") {
    HostPool tx(kQ + 4);
    LoopbackNic nic(&tx.pool, kMac);
    for (uint32_t i = 0; i < kQ; ++i) {
        CHECK(nic.can_transmit());
        send(nic, i, 60);
    }
    CHECK(!nic.can_transmit());
    auto b = nic.alloc_tx_buffer(60);
    REQUIRE(b.ok());
    fill_frame(b.value(), kQ);
    auto r = nic.transmit(b.value());
    CHECK((!r.ok() && r.error() == DevError::Again));
    CHECK(nic.stats().tx_packets == kQ);
    CHECK(tx.pool.available() == 4 - 1);
    REQUIRE(nic.recycle_tx_buffers().ok());
    CHECK(nic.can_transmit());
    CHECK(tx.pool.available() == 4 - 1 + kQ);  // the refused buffer is still out
    CHECK(nic.transmit(b.value()).ok());       // and can be sent now
    REQUIRE(nic.recycle_tx_buffers().ok());
    CHECK(tx.pool.available() == kQ + 4);
    CHECK(nic.stats().tx_recycled == kQ + 1);
}

TEST_CASE("A frame too big for the posted buffer's room is dropped; the buffer stays posted",
          "[loopback]") {
    HostPool tx(4), rx(4);
    LoopbackNic nic(&tx.pool, kMac);
    constexpr size_t kHeader = 100;
    std::vector<NetBuf*> posted = post(nic, rx.pool, 1, kHeader);
    NetBuf* rb = posted[0];
    std::memset(rb->header(), 0xee, kHeader);
    send(nic, 1, kLen - kHeader + 1);  // one byte too many
    CHECK(nic.stats().rx_dropped == 1);
    CHECK(nic.stats().rx_packets == 0);
    CHECK(!nic.can_receive());
    CHECK(rb->packet_len() == 0);
    send(nic, 2, kLen - kHeader);  // fits exactly
    CHECK(nic.stats().rx_packets == 1);
    auto got = nic.receive();
    REQUIRE(got.ok());
    CHECK(NetBuf::from_buf_ptr(got.value()) == rb);
    CHECK(got.value().packet() == rb->raw_buf() + kHeader);
    CHECK(is_frame(got.value(), 2, kLen - kHeader));
    CHECK(rb->header_len() == kHeader);
    CHECK(rb->packet_len() == kLen - kHeader);
    CHECK(std::all_of(rb->header(), rb->header() + kHeader, [](uint8_t x) { return x == 0xee; }));
    REQUIRE(nic.recycle_tx_buffers().ok());
    CHECK(tx.pool.available() == 4);
}

TEST_CASE("Frames arrive in order with their exact bytes", "[loopback]") {
    HostPool tx(kQ), rx(kQ);
    LoopbackNic nic(&tx.pool, kMac);
    std::vector<NetBuf*> posted = post(nic, rx.pool, kQ, 12);
    std::vector<size_t> lens;
    for (uint32_t i = 0; i < kQ; ++i) {
        size_t len = i == 0 ? kMinFrame : 60 + (i * 97) % (kLen - 12 - 60 + 1);
        lens.push_back(len);
        send(nic, i, len);
    }
    CHECK(nic.stats().rx_packets == kQ);
    for (uint32_t i = 0; i < kQ; ++i) {
        CAPTURE(i);
        REQUIRE(nic.can_receive());
        auto got = nic.receive();
        REQUIRE(got.ok());
        CHECK(is_frame(got.value(), i, lens[i]));
        NetBuf* b = NetBuf::from_buf_ptr(got.value());
        CHECK(b == posted[i]);  // the posted buffers are filled in the order they were posted
        CHECK(b->packet_len() == lens[i]);
        CHECK(got.value().packet() == b->raw_buf() + 12);
        CHECK(rx.pool.free(b).ok());
    }
    CHECK(!nic.can_receive());
    CHECK(nic.receive().error() == DevError::Again);
    REQUIRE(nic.recycle_tx_buffers().ok());
    CHECK(tx.pool.available() == kQ);
    CHECK(rx.pool.available() == kQ);
}

TEST_CASE("With the received queue full, further frames are dropped and no buffer leaks",
          "[loopback]") {
    HostPool tx(2 * kQ), rx(2 * kQ + 8);
    LoopbackNic nic(&tx.pool, kMac);
    post(nic, rx.pool, kQ);
    for (uint32_t i = 0; i < kQ; ++i) send(nic, i, 200);
    REQUIRE(nic.recycle_tx_buffers().ok());
    CHECK(nic.stats().rx_packets == kQ);
    // kQ frames wait in the received queue; kQ fresh buffers are posted behind them.
    post(nic, rx.pool, kQ);
    CHECK(rx.pool.available() + kQ + kQ == rx.pool.capacity());
    for (uint32_t i = 0; i < 10; ++i) send(nic, 1000 + i, 200);
    CHECK(nic.stats().rx_dropped == 10);
    CHECK(nic.stats().rx_packets == kQ);
    REQUIRE(nic.recycle_tx_buffers().ok());
    CHECK(tx.pool.available() == tx.pool.capacity());
    // The dropped frames took no posted buffer: the receive queue is still full.
    auto extra = rx.pool.alloc();
    REQUIRE(extra.ok());
    CHECK(nic.recycle_rx_buffer(extra.value()->into_buf_ptr()).error() == DevError::NoMemory);
    REQUIRE(rx.pool.free(extra.value()).ok());
    CHECK(rx.pool.available() + kQ + kQ == rx.pool.capacity());
    // Draining gives the first kQ frames, untouched by the dropped ones.
    for (uint32_t i = 0; i < kQ; ++i) {
        auto got = nic.receive();
        REQUIRE(got.ok());
        CHECK(is_frame(got.value(), i, 200));
        REQUIRE(rx.pool.free(NetBuf::from_buf_ptr(got.value())).ok());
    }
    CHECK(nic.receive().error() == DevError::Again);
    // The posted buffers then take new frames; afterwards every buffer is home.
    for (uint32_t i = 0; i < kQ; ++i) send(nic, 2000 + i, 300);
    for (uint32_t i = 0; i < kQ; ++i) {
        auto got = nic.receive();
        REQUIRE(got.ok());
        CHECK(is_frame(got.value(), 2000 + i, 300));
        REQUIRE(rx.pool.free(NetBuf::from_buf_ptr(got.value())).ok());
    }
    REQUIRE(nic.recycle_tx_buffers().ok());
    CHECK(rx.pool.available() == rx.pool.capacity());
    CHECK(tx.pool.available() == tx.pool.capacity());
    CHECK(nic.stats().rx_dropped == 10);
    CHECK(nic.stats().tx_packets == 2 * kQ + 10);
}

TEST_CASE("LoopbackNic loses and duplicates no buffer over a long random run", "[loopback]") {
    constexpr size_t kTxCap = 100, kRxCap = 160;
    HostPool tx(kTxCap), rx(kRxCap);
    LoopbackNic nic(&tx.pool, kMac);
    std::mt19937 rng(77);

    // The model. Transmit side: buffers the test holds (with the frame written in them) and
    // buffers the NIC holds until recycle_tx_buffers(). Receive side: buffers the test holds,
    // buffers inside the NIC (posted, or filled and waiting) with their header room, and the
    // frames waiting, in order. Which posted buffer a frame lands in is the NIC's business.
    struct Frame {
        NetBufPtr ptr;
        uint32_t seq;
    };
    std::vector<Frame> tx_mine;
    std::set<NetBuf*> tx_in_nic;
    std::vector<NetBuf*> rx_mine;
    std::map<NetBuf*, size_t> rx_in_nic;  // buffer -> header room it was posted with
    std::deque<Frame> pending;            // frames received, not yet taken (ptr unused)
    uint32_t next_seq = 0;
    uint64_t delivered = 0, dropped = 0, sent = 0, recycled = 0, too_big = 0, queue_full = 0;
    constexpr size_t kHeaders[] = {0, 12, 200, 1000};

    auto posted = [&] { return rx_in_nic.size() - pending.size(); };
    auto pick = [&](auto& v) {  // removes and returns a random element
        std::swap(v[rng() % v.size()], v.back());
        auto x = v.back();
        v.pop_back();
        return x;
    };
    auto held = [&](NetBuf* b) {
        return tx_in_nic.count(b) || rx_in_nic.count(b) ||
               std::find(rx_mine.begin(), rx_mine.end(), b) != rx_mine.end() ||
               std::any_of(tx_mine.begin(), tx_mine.end(),
                           [b](const Frame& f) { return f.ptr.raw_ptr<NetBuf>() == b; });
    };
    auto transmit = [&](Frame f) {
        // What must happen to the frame: it fits every buffer in the NIC, or none, or some.
        size_t min_room = SIZE_MAX, max_room = 0;
        for (auto [b, header] : rx_in_nic) {
            min_room = std::min(min_room, kLen - header);
            max_room = std::max(max_room, kLen - header);
        }
        bool can_land = pending.size() < kQ && posted() > 0;
        uint64_t rx_before = nic.stats().rx_packets;
        REQUIRE(nic.transmit(f.ptr).ok());
        REQUIRE(tx_in_nic.insert(f.ptr.raw_ptr<NetBuf>()).second);
        ++sent;
        bool landed = nic.stats().rx_packets == rx_before + 1;
        if (!can_land || f.ptr.packet_len() > max_room) REQUIRE(!landed);
        if (can_land && f.ptr.packet_len() <= min_room) REQUIRE(landed);
        if (landed) {
            pending.push_back(f);
            ++delivered;
        } else {
            ++dropped;
            too_big += can_land;
            queue_full += pending.size() == kQ;
        }
    };
    auto receive = [&] {
        auto r = nic.receive();
        if (pending.empty()) {
            REQUIRE(r.error() == DevError::Again);
            return;
        }
        REQUIRE(r.ok());
        NetBuf* b = NetBuf::from_buf_ptr(r.value());
        auto it = rx_in_nic.find(b);
        REQUIRE(it != rx_in_nic.end());  // one of the buffers posted, and only once
        REQUIRE(b->header_len() == it->second);
        REQUIRE(r.value().packet() == b->raw_buf() + it->second);
        REQUIRE(is_frame(r.value(), pending.front().seq, pending.front().ptr.packet_len()));
        pending.pop_front();
        rx_in_nic.erase(it);
        rx_mine.push_back(b);
    };

    for (int step = 0; step < 150000; ++step) {
        const bool starved = step / 2000 % 3 == 2;
        unsigned op = rng() % 100;
        if (op < 18) {  // allocate a transmit buffer, now and then too big
            size_t len = rng() % 50 == 0 ? kLen + 1 + rng() % 100
                                         : kMinFrame + rng() % (kLen - kMinFrame + 1);
            auto r = nic.alloc_tx_buffer(len);
            if (tx_mine.size() + tx_in_nic.size() == kTxCap) {
                REQUIRE(r.error() == DevError::NoMemory);
            } else if (len > kLen) {
                REQUIRE(r.error() == DevError::InvalidParam);
            } else {
                REQUIRE(r.ok());
                NetBuf* b = r.value().raw_ptr<NetBuf>();
                REQUIRE((tx.pool.owns(b) && !held(b)));
                REQUIRE(r.value().packet_len() == len);
                fill_frame(r.value(), next_seq);
                tx_mine.push_back({r.value(), next_seq++});
            }
        } else if (op < 40) {  // transmit one
            if (tx_mine.empty()) continue;
            Frame f = pick(tx_mine);
            if (tx_in_nic.size() == kQ) {
                REQUIRE(nic.transmit(f.ptr).error() == DevError::Again);
                tx_mine.push_back(f);
            } else {
                transmit(f);
            }
        } else if (op < 48) {  // the NIC gives every sent buffer back
            REQUIRE(nic.recycle_tx_buffers().ok());
            recycled += tx_in_nic.size();
            tx_in_nic.clear();
        } else if (op < 52) {  // the test gives up on a transmit buffer
            if (tx_mine.empty()) continue;
            REQUIRE(tx.pool.free(pick(tx_mine).ptr.raw_ptr<NetBuf>()).ok());
        } else if (op < 72) {  // receive, seldom in every third phase (the queue fills up)
            if (!starved || rng() % 8 == 0) receive();
        } else if (op < 92) {  // post a receive buffer: one the test holds, or a fresh one
            NetBuf* b = nullptr;
            if (!rx_mine.empty() && rng() % 2 == 0) {
                b = pick(rx_mine);
            } else {
                auto r = rx.pool.alloc();
                if (rx_mine.size() + rx_in_nic.size() == kRxCap) {
                    REQUIRE(r.error() == DevError::NoMemory);
                    continue;
                }
                REQUIRE(r.ok());
                b = r.value();
                REQUIRE(!held(b));
            }
            size_t header = kHeaders[rng() % std::size(kHeaders)];
            REQUIRE(b->set_packet_len(0).ok());
            REQUIRE(b->set_header_len(header).ok());
            auto r = nic.recycle_rx_buffer(b->into_buf_ptr());
            if (posted() == kQ) {
                REQUIRE(r.error() == DevError::NoMemory);
                rx_mine.push_back(b);
            } else {
                REQUIRE(r.ok());
                rx_in_nic.emplace(b, header);
            }
        } else {  // the test gives a receive buffer back to its pool
            if (rx_mine.empty()) continue;
            REQUIRE(rx.pool.free(pick(rx_mine)).ok());
        }
        // Every buffer is in exactly one place, and the NIC agrees with the model.
        REQUIRE(tx.pool.available() == kTxCap - tx_mine.size() - tx_in_nic.size());
        REQUIRE(rx.pool.available() == kRxCap - rx_mine.size() - rx_in_nic.size());
        REQUIRE(nic.can_receive() == !pending.empty());
        REQUIRE(nic.can_transmit() == (tx_in_nic.size() < kQ));
        REQUIRE(nic.stats().tx_packets == sent);
        REQUIRE(nic.stats().rx_packets == delivered);
        REQUIRE(nic.stats().rx_dropped == dropped);
        REQUIRE(nic.stats().tx_recycled == recycled);
    }
    UNSCOPED_INFO("delivered " << delivered << ", dropped " << dropped << " (too big " << too_big
                               << ", queue full " << queue_full << ")");
    CHECK(delivered > 10000);
    CHECK(too_big > 100);
    CHECK(queue_full > 100);

    // Wind down: take the frames, push the shortest frames through to free the posted buffers,
    // and every buffer of both pools is home.
    while (!pending.empty()) receive();
    REQUIRE(nic.recycle_tx_buffers().ok());
    tx_in_nic.clear();
    for (const Frame& f : tx_mine) REQUIRE(tx.pool.free(f.ptr.raw_ptr<NetBuf>()).ok());
    tx_mine.clear();
    while (posted() > 0) {
        auto t = nic.alloc_tx_buffer(kMinFrame);
        REQUIRE(t.ok());
        fill_frame(t.value(), next_seq);
        transmit({t.value(), next_seq++});
        REQUIRE(pending.size() == 1);  // a 14-byte frame fits any buffer
        receive();
        REQUIRE(nic.recycle_tx_buffers().ok());
        tx_in_nic.clear();
    }
    for (NetBuf* b : rx_mine) REQUIRE(rx.pool.free(b).ok());
    CHECK(tx.pool.available() == kTxCap);
    CHECK(rx.pool.available() == kRxCap);
    CHECK(!nic.can_receive());
}
