// axtask/src/sanitizer.h: tells AddressSanitizer about stack switches, in the sanitized host
// build (the `sanitize` tests); nothing in any other build. ASan tracks which stack the
// program runs on; without these calls a switch looks like a wild jump of rsp, and ASan warns
// and may report false errors (its documented fiber interface, sanitizer/common_interface_defs.h).
#pragma once
#include "task.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/common_interface_defs.h>

namespace axtask::detail {

/// Before switching from @p prev to @p next. An exited task will never resume: ASan may then
/// drop its state.
inline void sanitizer_start_switch(Task* prev, Task* next) {
    __sanitizer_start_switch_fiber(
        prev->state == TaskState::Exited ? nullptr : &prev->asan_fake_stack, next->asan_bottom,
        next->asan_size);
}

/// First thing in @p current after a switch from @p prev. ASan reports the stack it left,
/// which is how the main task's stack (not allocated here) becomes known.
inline void sanitizer_finish_switch(Task* current, Task* prev) {
    const void* bottom = nullptr;
    size_t size = 0;
    __sanitizer_finish_switch_fiber(current->asan_fake_stack, &bottom, &size);
    if (prev && !prev->asan_bottom) {
        prev->asan_bottom = bottom;
        prev->asan_size = size;
    }
}

}  // namespace axtask::detail

#else

namespace axtask::detail {
inline void sanitizer_start_switch(Task*, Task*) {}
inline void sanitizer_finish_switch(Task*, Task*) {}
}  // namespace axtask::detail

#endif
