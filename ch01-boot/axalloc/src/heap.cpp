// axalloc/src/heap.cpp: first-fit heap with coalescing (see the header).
// Layout: every block starts with a 16-byte header. A free block's header holds its size and
// the next free block; a live block's header holds its size and kLiveMagic, which free()
// checks before trusting anything, so a double free or a stray pointer cannot corrupt the list.
#include <axalloc/heap.h>

namespace axalloc {

using axerrno::AxError;

struct Heap::FreeBlock {
    size_t size;  // whole block, header included
    FreeBlock* next;
};

struct Heap::UsedHeader {
    size_t size;  // whole block, header included
    uint64_t magic;
};

namespace {
constexpr uint64_t kLiveMagic = 0xa110ca7edb10c4edull;
constexpr size_t kMinBlock = 32;  // header + the smallest payload, and room for a FreeBlock
constexpr uintptr_t align_up(uintptr_t v, size_t a) {
    return (v + a - 1) & ~uintptr_t(a - 1);
}
}  // namespace

axerrno::AxResult<void> Heap::add_region(void* start, size_t size) {
    uintptr_t begin = align_up(reinterpret_cast<uintptr_t>(start), kGranule);
    uintptr_t end = (reinterpret_cast<uintptr_t>(start) + size) & ~uintptr_t(kGranule - 1);
    if (end <= begin || end - begin < 64) return AxError::InvalidInput;
    if (m_regions == kMaxRegions) return AxError::NoMemory;
    m_region_start[m_regions] = begin;
    m_region_end[m_regions] = end;
    ++m_regions;
    m_total += end - begin;
    insert_free(begin, end - begin);
    return {};
}

// Inserts [addr, addr + size) into the address-ordered free list, merging with neighbours that
// touch it (regions never touch by accident: merging across them is still correct memory).
void Heap::insert_free(uintptr_t addr, size_t size) {
    FreeBlock* prev = nullptr;
    FreeBlock* cur = m_free;
    while (cur && reinterpret_cast<uintptr_t>(cur) < addr) {
        prev = cur;
        cur = cur->next;
    }
    auto* block = reinterpret_cast<FreeBlock*>(addr);
    block->size = size;
    block->next = cur;
    if (cur && addr + size == reinterpret_cast<uintptr_t>(cur)) {  // merge with the next
        block->size += cur->size;
        block->next = cur->next;
    }
    if (prev && reinterpret_cast<uintptr_t>(prev) + prev->size == addr) {  // with the previous
        prev->size += block->size;
        prev->next = block->next;
    } else if (prev) {
        prev->next = block;
    } else {
        m_free = block;
    }
}

void* Heap::alloc(size_t size, size_t align) {
    if (align < kGranule) align = kGranule;
    if ((align & (align - 1)) || align > kMaxAlign || size > (size_t(1) << 40)) return nullptr;
    size_t need = align_up(size == 0 ? 1 : size, kGranule) + sizeof(UsedHeader);
    if (need < kMinBlock) need = kMinBlock;

    FreeBlock* prev = nullptr;
    for (FreeBlock* b = m_free; b; prev = b, b = b->next) {
        uintptr_t start = reinterpret_cast<uintptr_t>(b);
        uintptr_t end = start + b->size;
        uintptr_t user = align_up(start + sizeof(UsedHeader), align);
        // Padding in front must be zero or big enough to stay on the free list as a block.
        if (user - sizeof(UsedHeader) != start && user - sizeof(UsedHeader) - start < kMinBlock) {
            user = align_up(start + sizeof(UsedHeader) + kMinBlock, align);
        }
        uintptr_t header = user - sizeof(UsedHeader);
        if (header + need > end) continue;

        // Take b off the list, then give back the front padding and the tail.
        if (prev) {
            prev->next = b->next;
        } else {
            m_free = b->next;
        }
        size_t tail = end - (header + need);
        if (tail < kMinBlock) {
            need += tail;
            tail = 0;
        }
        if (header > start) insert_free(start, header - start);
        if (tail) insert_free(header + need, tail);
        auto* h = reinterpret_cast<UsedHeader*>(header);
        h->size = need;
        h->magic = kLiveMagic;
        m_used += need;
        ++m_live;
        return reinterpret_cast<void*>(user);
    }
    return nullptr;
}

const Heap::UsedHeader* Heap::live_header(const void* ptr) const {
    uintptr_t user = reinterpret_cast<uintptr_t>(ptr);
    if (user % kGranule != 0) return nullptr;
    for (size_t r = 0; r < m_regions; ++r) {
        if (user >= m_region_start[r] + sizeof(UsedHeader) && user < m_region_end[r]) {
            return reinterpret_cast<const UsedHeader*>(user - sizeof(UsedHeader));
        }
    }
    return nullptr;
}

axerrno::AxResult<void> Heap::free(void* ptr) {
    if (ptr == nullptr) return {};
    auto* h = const_cast<UsedHeader*>(live_header(ptr));
    if (!h) return AxError::InvalidInput;
    if (h->magic != kLiveMagic) {
        // Not a live block. Inside a free block means it was freed already.
        uintptr_t at = reinterpret_cast<uintptr_t>(h);
        for (FreeBlock* b = m_free; b; b = b->next) {
            uintptr_t start = reinterpret_cast<uintptr_t>(b);
            if (at >= start && at < start + b->size) return AxError::BadState;
        }
        return AxError::InvalidInput;
    }
    size_t size = h->size;
    h->magic = 0;  // overwritten by the free-list link below; never kLiveMagic again
    m_used -= size;
    --m_live;
    insert_free(reinterpret_cast<uintptr_t>(h), size);
    return {};
}

size_t Heap::usable_size(const void* ptr) const {
    const UsedHeader* h = live_header(ptr);
    if (!h || h->magic != kLiveMagic) return 0;
    return h->size - (reinterpret_cast<uintptr_t>(ptr) - reinterpret_cast<uintptr_t>(h));
}

Heap::Stats Heap::stats() const {
    Stats s{m_total, m_used, 0, 0, m_live};
    for (FreeBlock* b = m_free; b; b = b->next) {
        ++s.free_blocks;
        if (b->size > s.largest_free) s.largest_free = b->size;
    }
    return s;
}

}  // namespace axalloc
