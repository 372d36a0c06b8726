// axruntime/src/ksyms.cpp: symbol lookup by binary search (hardware-free, host tested).
#include <axruntime/ksyms.h>

namespace axruntime {

const Ksym* ksym_lookup(const Ksym* begin, const Ksym* end, uint64_t addr, uint64_t& offset) {
    // Last symbol with sym.addr <= addr.
    const Ksym* lo = begin;
    const Ksym* hi = end;
    while (lo < hi) {
        const Ksym* mid = lo + (hi - lo) / 2;
        if (mid->addr <= addr) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if (lo == begin) return nullptr;
    const Ksym* s = lo - 1;
    if (s->size != 0 && addr >= s->addr + s->size) return nullptr;
    offset = addr - s->addr;
    return s;
}

}  // namespace axruntime
