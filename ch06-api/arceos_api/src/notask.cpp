// arceos_api/src/notask.cpp: yield and sleep in a build without `multitask` (one flow of
// control): yield has nobody to give the CPU to, and sleep spins on the clock, as ArceOS's
// ax_sleep_until does without its multitask feature.
#include <arceos_api/imp.h>
#include <axhal/cpu.h>
#include <axhal/time.h>

#include "runtime.h"

namespace arceos_api::imp {

void init_multitask() {}

void ax_yield_now() {}

void ax_sleep_until(uint64_t deadline_ns) {
    while (axhal::monotonic_ns() < deadline_ns) axhal::pause();
}

}  // namespace arceos_api::imp
