// arceos_api/src/task.cpp: the feature `multitask` over axtask: spawn, join, yield, sleep.
// A task handle owns a heap copy of axtask's TaskHandle (whose layout the public header does
// not know); dropping it detaches the task, as dropping a Rust JoinHandle does.
#include <arceos_api/imp.h>
#include <axtask/axtask.h>

#include <new>

#include "runtime.h"

namespace arceos_api::imp {

namespace {

axtask::TaskHandle* task_of(TaskHandle& t) {
    return static_cast<axtask::TaskHandle*>(t.m_task);
}

void release(TaskHandle& t) {
    if (!t.valid()) return;
    axtask::detach(*task_of(t));
    delete task_of(t);
    t.m_task = nullptr;
}

}  // namespace

TaskHandle& TaskHandle::operator=(TaskHandle&& o) noexcept {
    if (this != &o) {
        release(*this);
        m_task = o.m_task;
        o.m_task = nullptr;
    }
    return *this;
}

TaskHandle::~TaskHandle() {
    release(*this);
}

void init_multitask() {
    axtask::init();
}

void ax_yield_now() {
    axtask::yield_now();
}

void ax_sleep_until(uint64_t deadline_ns) {
    axtask::sleep_until(deadline_ns);
}

ApiResult<TaskHandle> ax_spawn(void (*fn)(void*), void* arg, const char* name, size_t stack_size) {
    auto* box = new (std::nothrow) axtask::TaskHandle;
    if (box == nullptr) return AxError::NoMemory;
    auto r = axtask::spawn(fn, arg, {.name = name, .stack_size = stack_size});
    if (!r.ok()) {
        delete box;
        return r.error();
    }
    *box = std::move(r.value());
    TaskHandle h;
    h.m_task = box;
    return h;
}

ApiResult<> ax_join(TaskHandle& t) {
    if (!t.valid()) return AxError::BadState;
    auto r = axtask::join(*task_of(t));
    delete task_of(t);
    t.m_task = nullptr;
    if (!r.ok()) return r.error();
    return {};
}

uint64_t ax_current_task_id() {
    return axtask::current_id();
}

}  // namespace arceos_api::imp
