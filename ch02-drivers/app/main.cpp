// ch02-drivers/app/main.cpp: the stage 2 demo program. axdriver has enumerated PCI (the table
// is printed during init_drivers) and brought the loopback NIC up; main passes frames through
// it with the buffer pool and prints the counters. Built twice: with virtual dispatch
// (ch02-kernel) and with LoopbackNic chosen statically (ch02-kernel-static).
#include <axdriver/all_devices.h>
#include <axhal/cpu.h>
#include <axhal/time.h>
#include <axlog/log.h>
#include <driver_net/net_buf.h>

#include <cstring>

namespace {

using axdriver::AxNetDevice;
using driver_net::NetBuf;
using driver_net::NetBufPool;

constexpr size_t kFrames = 10000;
constexpr size_t kFrameLen = 1514;

// Posts receive buffers until the queue is full or the pool is empty.
void post_rx_buffers(AxNetDevice& nic, NetBufPool& pool) {
    for (size_t i = 0; i < nic.rx_queue_size(); ++i) {
        auto b = pool.alloc();
        if (!b.ok()) return;
        if (!nic.recycle_rx_buffer(b.value()->into_buf_ptr()).ok()) {
            (void)pool.free(b.value());
            return;
        }
    }
}

// Sends kFrames numbered frames through @p nic and checks each one comes back intact.
int exercise(AxNetDevice& nic) {
    auto pool = NetBufPool::create(2 * nic.rx_queue_size(), NetBufPool::kMinBufferLen);
    if (!pool.ok()) {
        axlog::error("demo: no receive pool: {}", driver_common::dev_error_name(pool.error()));
        return 1;
    }
    NetBufPool& rx_pool = *pool.value();
    post_rx_buffers(nic, rx_pool);

    size_t sent = 0, received = 0, corrupt = 0;
    uint64_t t0 = axhal::rdtsc();
    for (uint32_t seq = 0; seq < kFrames; ++seq) {
        auto tx = nic.alloc_tx_buffer(kFrameLen);
        if (!tx.ok()) break;
        uint8_t* p = tx.value().packet();
        std::memset(p, 0xff, 6);                         // destination: broadcast
        std::memcpy(p + 6, nic.mac_address().bytes, 6);  // source: our MAC
        p[12] = 0x88, p[13] = 0xb5;                      // EtherType: local experimental
        std::memcpy(p + 14, &seq, sizeof(seq));
        for (size_t i = 18; i < kFrameLen; ++i) p[i] = uint8_t(seq + i);
        if (!nic.transmit(tx.value()).ok()) break;
        ++sent;
        (void)nic.recycle_tx_buffers();
        auto rx = nic.receive();
        if (!rx.ok()) continue;
        ++received;
        const uint8_t* q = rx.value().packet();
        uint32_t got;
        std::memcpy(&got, q + 14, sizeof(got));
        bool ok = rx.value().packet_len() == kFrameLen && got == seq;
        for (size_t i = 18; ok && i < kFrameLen; ++i) ok = q[i] == uint8_t(seq + i);
        if (!ok) ++corrupt;
        NetBuf* buf = NetBuf::from_buf_ptr(rx.value());
        (void)buf->set_packet_len(0);
        if (!nic.recycle_rx_buffer(buf->into_buf_ptr()).ok()) (void)rx_pool.free(buf);
    }
    uint64_t cycles = axhal::rdtsc() - t0;
    axlog::println(
        "loopback: {} frames of {} bytes sent, {} received, {} corrupt, {} TSC "
        "cycles per frame (copy included)",
        sent, kFrameLen, received, corrupt, sent ? cycles / sent : 0);
    axlog::println("receive pool: {} of {} buffers free, {} allocs, {} frees, {} bad frees",
                   rx_pool.available(), rx_pool.capacity(), rx_pool.stats().allocs,
                   rx_pool.stats().frees, rx_pool.stats().bad_frees);
    return sent == kFrames && received == kFrames && corrupt == 0 ? 0 : 1;
}

// The cost of one driver call in this build's dispatch mode: 1M calls of a trivial operation.
// Virtual dispatch is an indirect call through the vtable; static dispatch is a direct call the
// compiler can inline (LoopbackNic is final).
void measure_dispatch(AxNetDevice& nic) {
    constexpr uint64_t kCalls = 1000000;
    size_t sum = 0;
    uint64_t t0 = axhal::rdtsc();
    for (uint64_t i = 0; i < kCalls; ++i) {
        sum += nic.tx_queue_size();
        asm volatile("" : "+r"(sum));  // keep every call: the compiler may not fold the loop
    }
    uint64_t cycles = axhal::rdtsc() - t0;
    axlog::println("dispatch: {} calls of tx_queue_size() in {} TSC cycles, {}.{:02} per call ({})",
                   kCalls, cycles, cycles / kCalls, cycles * 100 / kCalls % 100,
                   AX_DRIVER_DYN ? "virtual" : "static");
}

}  // namespace

int main() {
    axdriver::AllDevices all = axdriver::init_drivers();
    axlog::println("AllDevices: {} network device(s), {} dispatch", all.net.size(),
                   AX_DRIVER_DYN ? "virtual" : "static");
    int status = 0;
    for (AxNetDevice* nic : all.net) {
        axlog::println("net device {}: {}, rx queue {}, tx queue {}", nic->device_name(),
                       nic->device_type() == driver_common::DeviceType::Net ? "net" : "?",
                       nic->rx_queue_size(), nic->tx_queue_size());
        if (std::strcmp(nic->device_name(), "loopback") != 0) continue;
        measure_dispatch(*nic);
        status |= exercise(*nic);
    }
    return status;
}
