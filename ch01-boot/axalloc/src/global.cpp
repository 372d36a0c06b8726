// axalloc/src/global.cpp: the global frame allocator and heap, malloc/free and operator
// new/delete. The heap starts with 256 KiB and grows by taking contiguous frames.
#include <axalloc/axalloc.h>
#include <axalloc/frame_allocator.h>
#include <axalloc/heap.h>
#include <axalloc/memory_map.h>
#include <axhal/cpu.h>
#include <axlog/log.h>
#include <axlog/panic.h>

#include <cstring>
#include <new>

namespace axalloc {

using axerrno::AxError;
using axhal::PhysAddr;

namespace {

constexpr size_t kHeapGrowFrames = 64;  // 256 KiB: the first region, and the smallest growth

FrameAllocator g_frames;
Heap g_heap;
size_t g_bad_frees;
bool g_ready;

void* heap_alloc(size_t size, size_t align) {
    axhal::IrqGuard guard;
    if (!g_ready) return nullptr;
    void* p = g_heap.alloc(size, align);
    if (p) return p;
    // Grow by at least what the request needs (plus header and alignment slack); prefer as much
    // as the heap already has, so the number of regions grows only logarithmically.
    size_t need = (size + align + 64 + 4095) / 4096;
    size_t want = g_heap.stats().total_bytes / 4096;
    if (want < kHeapGrowFrames) want = kHeapGrowFrames;
    if (want < need) want = need;
    auto pa = g_frames.alloc(want);
    if (!pa.ok() && want > need) pa = g_frames.alloc(want = need);
    if (!pa.ok()) return nullptr;
    if (!g_heap.add_region(axhal::phys_to_ptr(PhysAddr{pa.value()}), want * 4096).ok()) {
        (void)g_frames.free(pa.value(), want);
        return nullptr;
    }
    return g_heap.alloc(size, align);
}

void heap_free(void* p) {
    axhal::IrqGuard guard;
    auto r = g_heap.free(p);
    if (!r.ok()) {
        ++g_bad_frees;
        axlog::error("heap: free({}) rejected: {} ({})", p, axerrno::error_name(r.error()),
                     r.error() == AxError::BadState ? "double free" : "not a heap pointer");
    }
}

}  // namespace

void init(const axhal::BootInfo& boot) {
    axhal::KernelImage k = axhal::kernel_image();
    bool truncated = false;
    RangeList ram =
        usable_ram(boot.memmap, boot.memmap_entries, {k.start.value, k.end.value}, truncated);
    if (truncated) axlog::warn("axalloc: memory map too fragmented; some RAM is left unused");
    uint64_t before = ram.total_bytes();
    if (!ram.remove(AX_DIRECT_MAP_SIZE, UINT64_MAX)) {
        axlog::warn("axalloc: memory map too fragmented; some RAM is left unused");
    }
    if (ram.total_bytes() < before) {
        axlog::warn("axalloc: {} MiB of RAM above 4 GiB left unused (outside the direct map)",
                    (before - ram.total_bytes()) >> 20);
    }
    if (ram.size() == 0) AX_PANIC("axalloc: the boot memory map has no usable RAM");
    for (size_t i = 0; i < ram.size(); ++i) {
        axlog::debug("axalloc: RAM [{:#x}, {:#x}) {} KiB", ram[i].start, ram[i].end,
                     ram[i].size() / 1024);
    }

    // The bitmap covers lowest..highest usable frame; it is carved from the first range that
    // can hold it, and that part is then not handed out.
    uint64_t base = ram[0].start, top = ram[ram.size() - 1].end;
    size_t frames = (top - base) / FrameAllocator::kFrameSize;
    size_t bitmap_bytes = axhal::align_up(FrameAllocator::bitmap_words(frames) * 8, 4096);
    uint64_t bitmap_pa = 0;
    for (size_t i = 0; i < ram.size() && !bitmap_pa; ++i) {
        if (ram[i].size() >= bitmap_bytes) bitmap_pa = ram[i].start;
    }
    if (!bitmap_pa)
        AX_PANIC("axalloc: no RAM range can hold the {} byte frame bitmap", bitmap_bytes);
    (void)ram.remove(bitmap_pa, bitmap_pa + bitmap_bytes);  // removing a prefix never splits
    g_frames.init(base, frames, axhal::phys_to_ptr<uint64_t>(PhysAddr{bitmap_pa}));
    for (size_t i = 0; i < ram.size(); ++i) {
        if (!g_frames.add_free(ram[i].start, ram[i].end)) {
            axlog::warn("axalloc: too many RAM ranges; [{:#x}, {:#x}) unused", ram[i].start,
                        ram[i].end);
        }
    }
    g_ready = true;
    axlog::info("axalloc: {} MiB of RAM in {} ranges, {} frames free", ram.total_bytes() >> 20,
                ram.size(), g_frames.free_frames());
}

axerrno::AxResult<PhysAddr> alloc_frames(size_t count, size_t align_frames) {
    axhal::IrqGuard guard;
    auto r = g_frames.alloc(count, align_frames);
    if (!r.ok()) return r.error();
    return PhysAddr{r.value()};
}

axerrno::AxResult<void> free_frames(PhysAddr pa, size_t count) {
    axhal::IrqGuard guard;
    return g_frames.free(pa.value, count);
}

axerrno::AxResult<DmaRegion> dma_alloc(size_t size, size_t align) {
    if (size == 0 || align < 4096 || (align & (align - 1))) return AxError::InvalidInput;
    size_t frames = (size + 4095) / 4096;
    auto pa = alloc_frames(frames, align / 4096);
    if (!pa.ok()) return pa.error();
    void* virt = axhal::phys_to_ptr(pa.value());
    std::memset(virt, 0, frames * 4096);
    return DmaRegion{virt, pa.value(), frames * 4096};
}

axerrno::AxResult<void> dma_free(const DmaRegion& region) {
    if (region.size == 0 || region.size % 4096) return AxError::InvalidInput;
    return free_frames(region.phys, region.size / 4096);
}

Stats stats() {
    axhal::IrqGuard guard;
    Heap::Stats h = g_heap.stats();
    return {g_frames.total_frames(), g_frames.free_frames(),
            h.total_bytes,           h.used_bytes,
            h.live_allocations,      g_bad_frees};
}

}  // namespace axalloc

// The C allocation functions, for C code (lwIP, axlibc) and for C++ code that wants them.
extern "C" {

void* malloc(size_t size) noexcept {
    return axalloc::heap_alloc(size, 16);
}

void free(void* p) noexcept {
    axalloc::heap_free(p);
}

void* calloc(size_t n, size_t size) noexcept {
    if (size != 0 && n > SIZE_MAX / size) return nullptr;
    void* p = malloc(n * size);
    if (p) std::memset(p, 0, n * size);
    return p;
}

void* aligned_alloc(size_t align, size_t size) noexcept {
    return axalloc::heap_alloc(size, align);
}

void* realloc(void* p, size_t size) noexcept {
    if (!p) return malloc(size);
    size_t old;
    {
        axhal::IrqGuard guard;
        old = axalloc::g_heap.usable_size(p);
    }
    if (old == 0) {
        axalloc::heap_free(p);  // reports the bad pointer
        return nullptr;
    }
    if (size <= old) return p;
    void* q = malloc(size);
    if (!q) return nullptr;  // the old block stays valid, as C requires
    std::memcpy(q, p, old);
    free(p);
    return q;
}

}  // extern "C"

// The tag object of `new (std::nothrow) T`, normally defined by the C++ library.
namespace std {
const nothrow_t nothrow{};
}

// operator new/delete. Plain new has no way to report failure without exceptions: it panics.
namespace {
void* checked_new(size_t size, size_t align) {
    void* p = axalloc::heap_alloc(size, align);
    if (!p) AX_PANIC("out of memory: operator new of {} bytes (align {})", size, align);
    return p;
}
}  // namespace

void* operator new(size_t size) {
    return checked_new(size, 16);
}
void* operator new[](size_t size) {
    return checked_new(size, 16);
}
void* operator new(size_t size, std::align_val_t a) {
    return checked_new(size, size_t(a));
}
void* operator new[](size_t size, std::align_val_t a) {
    return checked_new(size, size_t(a));
}
void* operator new(size_t size, const std::nothrow_t&) noexcept {
    return malloc(size);
}
void* operator new[](size_t size, const std::nothrow_t&) noexcept {
    return malloc(size);
}
void operator delete(void* p) noexcept {
    free(p);
}
void operator delete[](void* p) noexcept {
    free(p);
}
void operator delete(void* p, size_t) noexcept {
    free(p);
}
void operator delete[](void* p, size_t) noexcept {
    free(p);
}
void operator delete(void* p, std::align_val_t) noexcept {
    free(p);
}
void operator delete[](void* p, std::align_val_t) noexcept {
    free(p);
}
void operator delete(void* p, size_t, std::align_val_t) noexcept {
    free(p);
}
void operator delete[](void* p, size_t, std::align_val_t) noexcept {
    free(p);
}
