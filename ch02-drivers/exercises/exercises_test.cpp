// ch02-drivers/exercises/exercises_test.cpp: the tests of chapter 2's exercises (label
// ch02-exercise). They fail on the pristine tree and pass once the exercise is solved.
#include <driver_net/loopback.h>

#include <catch2/catch_test_macros.hpp>

#include "host_pool.h"

#include <cstdlib>
#include <cstring>
#include <vector>

TEST_CASE("exercise 1: the pool keeps its low-water mark", "[low_water]") {
    using driver_net::NetBuf;
    constexpr size_t kBufs = 8;
    driver_net::testing::HostPool host(kBufs, 2048);
    REQUIRE(host.ok());
    driver_net::NetBufPool& pool = host.pool;
    CHECK(pool.stats().low_water == kBufs);

    NetBuf* taken[kBufs];
    for (size_t i = 0; i < 5; ++i) taken[i] = pool.alloc().value();
    CHECK(pool.stats().low_water == 3);
    REQUIRE(pool.free_batch(taken, 5).ok());
    CHECK(pool.stats().low_water == 3);  // a mark, not the current level

    REQUIRE(pool.alloc_batch(taken, 7).ok());
    CHECK(pool.stats().low_water == 1);
    CHECK(!pool.alloc_batch(taken + 7, 2).ok());  // refused: takes nothing
    CHECK(pool.stats().low_water == 1);
    taken[7] = pool.alloc().value();
    CHECK(pool.stats().low_water == 0);
    CHECK(!pool.alloc().ok());
    CHECK(pool.stats().low_water == 0);
    REQUIRE(pool.free_batch(taken, 8).ok());
    CHECK(pool.stats().low_water == 0);
}

TEST_CASE("exercise 2: the loopback NIC filters frames by destination address", "[filter]") {
    using driver_net::NetBufPool;
    constexpr size_t kBufs = 8, kLen = 2048;
    driver_net::testing::HostPool tx(kBufs, kLen, 0x100000), rx(kBufs, kLen, 0x200000);
    REQUIRE((tx.ok() && rx.ok()));
    driver_net::NetBufPool* pools[2] = {&tx.pool, &rx.pool};
    const driver_net::EthernetAddress mac{{0x02, 0, 0, 0, 0, 0x01}};
    driver_net::LoopbackNic nic(pools[0], mac);
    for (int i = 0; i < 4; ++i) {
        REQUIRE(nic.recycle_rx_buffer(pools[1]->alloc().value()->into_buf_ptr()).ok());
    }
    auto send_to = [&](const uint8_t(&dst)[6]) {
        auto tx = nic.alloc_tx_buffer(60);
        REQUIRE(tx.ok());
        std::memset(tx.value().packet(), 0, 60);
        std::memcpy(tx.value().packet(), dst, 6);
        std::memcpy(tx.value().packet() + 6, mac.bytes, 6);
        REQUIRE(nic.transmit(tx.value()).ok());
        REQUIRE(nic.recycle_tx_buffers().ok());
    };
    const uint8_t ours[6] = {0x02, 0, 0, 0, 0, 0x01};
    const uint8_t broadcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    const uint8_t multicast[6] = {0x01, 0x00, 0x5e, 0x00, 0x00, 0xfb};
    const uint8_t other[6] = {0x02, 0, 0, 0, 0, 0x99};

    send_to(other);
    CHECK(!nic.receive().ok());  // not for us: filtered out
    CHECK(nic.stats().rx_filtered == 1);
    for (auto* dst : {&ours, &broadcast, &multicast}) {
        send_to(*dst);
        auto rx = nic.receive();
        REQUIRE(rx.ok());
        CHECK(std::memcmp(rx.value().packet(), *dst, 6) == 0);
        REQUIRE(nic.recycle_rx_buffer(rx.value()).ok());
    }
    CHECK(nic.stats().rx_filtered == 1);
    CHECK(nic.stats().rx_packets == 3);
}
