// axtask/tests/fpu_scenario.h: the scenario of axtask's FPU-switch tests, for the host test and
// the kernel's ktest alike (chapter 5, "Floating point in tasks"). Two works with different
// rounding modes, one raising divide-by-zero, run first alone (the reference) and then in two
// tasks that yield after every step, so every step of one runs between two steps of the other.
#pragma once
#include <axtask/axtask.h>

#include "fpu_work.h"

namespace axtask_test {

/// The two works: [0] toward zero with divide-by-zero raised, [1] upward without.
struct FpuScenario {
    AxFpuWork alone[2];
    AxFpuWork interleaved[2];
    bool spawned = false;
};

inline void fpu_yield() {
    axtask::yield_now();
}

inline void fpu_task(void* arg) {
    axtask_fpu_work(static_cast<AxFpuWork*>(arg), fpu_yield);
}

/// Runs the scenario; false if a task could not be spawned or joined.
inline bool run_fpu_scenario(FpuScenario& s, int rounds) {
    const AxFpuWork setup[2] = {{3, 1, rounds, 0, {0, 0}, 0, 0}, {2, 0, rounds, 0, {0, 0}, 0, 0}};
    for (int i = 0; i < 2; ++i) {
        s.alone[i] = setup[i];
        axtask_fpu_work(&s.alone[i], nullptr);
        s.interleaved[i] = setup[i];
    }
    auto a = axtask::spawn(fpu_task, &s.interleaved[0], {"fpu-a", 16 * 1024});
    auto b = axtask::spawn(fpu_task, &s.interleaved[1], {"fpu-b", 16 * 1024});
    s.spawned = a.ok() && b.ok();
    bool joined =
        (!a.ok() || axtask::join(a.value()).ok()) & (!b.ok() || axtask::join(b.value()).ok());
    return s.spawned && joined;
}

/// MXCSR's and the x87 status word's divide-by-zero flag (bit 2 of each).
inline bool divzero_flags(const AxFpuWork& w) {
    return (w.mxcsr & 4) != 0 && (w.fsw & 4) != 0;
}

}  // namespace axtask_test
