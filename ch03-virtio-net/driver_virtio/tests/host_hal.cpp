// driver_virtio/tests/host_hal.cpp: the host versions of the kernel services the virtio-net
// driver calls (see host_hal.h), and the MMIO routing of host/axhal/mmio.h.
#include "host_hal.h"

#include <axalloc/axalloc.h>
#include <axhal/mmio.h>
#include <axhal/paging.h>
#include <axhal/time.h>
#include <axhal/trap.h>
#include <driver_net/net_buf.h>

#include <cstdlib>
#include <cstring>
#include <new>

namespace driver_virtio::testing {

HostHal& host_hal() {
    // Never destroyed: what it holds (memory leaked on purpose) stays reachable to the end, so
    // a leak checker running at exit sees no leak.
    static HostHal* hal = new HostHal();
    return *hal;
}

size_t HostHal::dma_live_bytes() const {
    size_t n = 0;
    for (const auto& [p, bytes] : dma_live) n += bytes;
    return n;
}

bool HostHal::is_uncached(uint64_t pa) const {
    for (const auto& [start, end] : uncached) {
        if (pa >= start && pa < end) return true;
    }
    return false;
}

}  // namespace driver_virtio::testing

using driver_virtio::testing::host_hal;

namespace axhal {
namespace host {
namespace {
MmioHandler* g_handler;
}

void set_mmio_handler(MmioHandler* handler) {
    g_handler = handler;
}

uint64_t mmio_access_read(uintptr_t addr, unsigned width) {
    uint64_t v = 0;
    if (g_handler && g_handler->read(addr, width, v)) return v;
    std::memcpy(&v, reinterpret_cast<const void*>(addr), width);
    return v;
}

void mmio_access_write(uintptr_t addr, unsigned width, uint64_t value) {
    if (g_handler && g_handler->write(addr, width, value)) return;
    std::memcpy(reinterpret_cast<void*>(addr), &value, width);
}

}  // namespace host

uint64_t monotonic_ns() {
    static uint64_t now;
    return now += 1'000'000;
}

void lapic_eoi() {}

uint32_t lapic_id() {
    return 0;
}

uint8_t alloc_trap_vector(TrapHandler) {
    ++host_hal().vectors_live;
    return kFirstDynamicVector;
}

void free_trap_vector(uint8_t) {
    --host_hal().vectors_live;
}

uintptr_t map_mmio(PhysAddr pa, uint64_t len) {
    host_hal().uncached.emplace_back(pa.value, pa.value + len);
    return phys_to_virt(pa);
}

}  // namespace axhal

namespace axalloc {

axerrno::AxResult<DmaRegion> dma_alloc(size_t size, size_t align) {
    size_t bytes = axhal::align_up(size, axhal::kPageSize);
    void* p = std::aligned_alloc(align, bytes);
    if (!p) return axerrno::AxError::NoMemory;
    std::memset(p, 0, bytes);
    host_hal().dma_live[p] = bytes;
    return DmaRegion{p, axhal::PhysAddr{reinterpret_cast<uintptr_t>(p)}, bytes};
}

axerrno::AxResult<void> dma_free(const DmaRegion& region) {
    if (host_hal().dma_live.erase(region.virt) != 1) return axerrno::AxError::BadState;
    std::free(region.virt);
    return {};
}

}  // namespace axalloc

namespace driver_net {

// The kernel's net_buf_pool_create.cpp, with its DMA region from dma_alloc() above.
DevResult<NetBufPool*> NetBufPool::create(size_t capacity, size_t buffer_len) {
    auto dma = axalloc::dma_alloc(capacity * stride(buffer_len));
    if (!dma.ok()) return DevError::NoMemory;
    auto* pool = new NetBufPool();
    Memory mem{static_cast<uint8_t*>(dma.value().virt), dma.value().phys, new NetBuf[capacity],
               new uint32_t[capacity]};
    host_hal().dma_live[pool] = 0;  // bookkeeping: reachable while the pool lives
    if (!pool->init(capacity, buffer_len, mem).ok()) return DevError::InvalidParam;
    return pool;
}

void NetBufPool::destroy(NetBufPool* pool) {
    if (!pool) return;
    size_t bytes = axhal::align_up(pool->m_capacity * stride(pool->m_buffer_len), axhal::kPageSize);
    (void)axalloc::dma_free({pool->m_bufs[0].raw_buf(), pool->m_bufs[0].phys_addr(), bytes});
    host_hal().dma_live.erase(pool);
    delete[] pool->m_bufs;
    delete[] pool->m_free_stack;
    delete pool;
}

}  // namespace driver_net

namespace axdriver::pci {

ConfigAccess& config_access() {
    return *host_hal().config;
}

}  // namespace axdriver::pci
