// axalloc/tests/axalloc_ktest.cpp: the allocators on the real machine (ktest, in-guest).
#include <axalloc/axalloc.h>
#include <axhal/mem.h>
#include <axhal/paging.h>
#include <ktest/ktest.h>

#include <new>

KTEST(axalloc, frames_are_ram_and_distinct) {
    auto a = axalloc::alloc_frames(1);
    auto b = axalloc::alloc_frames(1);
    KASSERT(a.ok() && b.ok());
    KEXPECT(a.value() != b.value());
    // Both are reachable through the direct map and hold what we write.
    auto* pa = axhal::phys_to_ptr<volatile uint64_t>(a.value());
    auto* pb = axhal::phys_to_ptr<volatile uint64_t>(b.value());
    *pa = 0x1111;
    *pb = 0x2222;
    KEXPECT_EQ(uint64_t(*pa), uint64_t(0x1111));
    KEXPECT(axalloc::free_frames(a.value(), 1).ok());
    KEXPECT(axalloc::free_frames(b.value(), 1).ok());
}

KTEST(axalloc, double_frame_free_is_rejected) {
    auto a = axalloc::alloc_frames(2);
    KASSERT(a.ok());
    size_t before = axalloc::stats().frames_free;
    KEXPECT(axalloc::free_frames(a.value(), 2).ok());
    auto again = axalloc::free_frames(a.value(), 2);
    KEXPECT(!again.ok());
    KEXPECT(again.error() == axerrno::AxError::BadState);
    KEXPECT_EQ(axalloc::stats().frames_free, before + 2);
}

KTEST(axalloc, aligned_contiguous_frames) {
    auto a = axalloc::alloc_frames(16, 16);  // 64 KiB aligned to 64 KiB
    KASSERT(a.ok());
    KEXPECT_EQ(a.value().value % (64 * 1024), uint64_t(0));
    KEXPECT(axalloc::free_frames(a.value(), 16).ok());
}

KTEST(axalloc, dma_region_is_zeroed_and_translates) {
    auto r = axalloc::dma_alloc(3 * 4096 + 1);
    KASSERT(r.ok());
    const auto& d = r.value();
    KEXPECT_EQ(d.size, size_t(4 * 4096));
    auto* bytes = static_cast<const uint8_t*>(d.virt);
    bool zero = true;
    for (size_t i = 0; i < d.size; ++i) zero = zero && bytes[i] == 0;
    KEXPECT(zero);
    KEXPECT(axhal::virt_to_phys(d.virt) == d.phys);
    KEXPECT(axhal::translate(reinterpret_cast<uintptr_t>(d.virt) + 4096).phys == d.phys + 4096);
    KEXPECT(axalloc::dma_free(d).ok());
}

KTEST(axalloc, out_of_memory_is_an_error_value) {
    KEXPECT(!axalloc::alloc_frames(size_t(1) << 40).ok());
    KEXPECT(malloc(size_t(1) << 40) == nullptr);
    KEXPECT(new (std::nothrow) char[size_t(1) << 40] == nullptr);
    auto e = axalloc::dma_alloc(size_t(1) << 40);
    KEXPECT(!e.ok() && e.error() == axerrno::AxError::NoMemory);
}

KTEST(axalloc, heap_grows_beyond_first_region) {
    // 4 MiB in 64 KiB blocks: more than the initial heap region, so the heap must grow.
    void* blocks[64];
    for (auto& b : blocks) b = malloc(64 * 1024);
    bool all = true;
    for (auto* b : blocks) all = all && b != nullptr;
    KEXPECT(all);
    KEXPECT(axalloc::stats().heap_bytes >= 64 * 64 * 1024);
    for (auto* b : blocks) free(b);
}

KTEST(axalloc, bad_free_is_counted_not_obeyed) {
    size_t before = axalloc::stats().bad_frees;
    void* p = malloc(32);
    free(p);
    // A second free of the same pointer, through a volatile copy so the compiler cannot see it.
    void* volatile again = p;
    free(again);  // double free
    static int not_heap;
    free(&not_heap);  // not a heap pointer
    KEXPECT_EQ(axalloc::stats().bad_frees, before + 2);
    int* q = new int(6);  // the heap still works
    KEXPECT_EQ(*q, 6);
    delete q;
}

KTEST(axalloc, realloc_keeps_contents) {
    auto* p = static_cast<char*>(malloc(16));
    KASSERT(p != nullptr);
    for (int i = 0; i < 16; ++i) p[i] = char('a' + i);
    auto* q = static_cast<char*>(realloc(p, 4096));
    KASSERT(q != nullptr);
    bool same = true;
    for (int i = 0; i < 16; ++i) same = same && q[i] == char('a' + i);
    KEXPECT(same);
    free(q);
}
