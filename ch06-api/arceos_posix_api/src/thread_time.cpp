// arceos_posix_api/src/thread_time.cpp: pthreads over axtask (create, join, detach, self,
// mutexes and condition variables that block on wait queues), errno per thread (axlibc's
// errno hook), and time (clock_gettime, nanosleep, gettimeofday, time, sleep), for C programs.
// Kernel build only. Tasks are cooperative, so a check followed by a wait cannot lose a
// wake-up: nothing runs in between.
#include <arceos_posix_api/posix.h>
#include <axhal/rtc.h>
#include <axtask/axtask.h>

#include <new>

extern "C" int* __errno_location();
using ErrnoHook = int* (*)();
extern "C" ErrnoHook __axlibc_set_errno_hook(ErrnoHook hook);

namespace {

// Linux's numbers (errno.h).
constexpr int kEINVAL = 22, kEPERM = 1, kEBUSY = 16, kESRCH = 3, kEAGAIN = 11, kEDEADLK = 35;

// A thread: its task, entry, result and errno. Listed so the errno hook finds the current one.
struct Thread {
    axtask::TaskHandle task;
    void* (*fn)(void*) = nullptr;
    void* arg = nullptr;
    void* result = nullptr;
    uint64_t task_id = 0;
    int err = 0;
    bool done = false, detached = false;
    Thread* next = nullptr;
};
Thread g_main;
Thread* g_threads = nullptr;  // every thread but main

Thread* current() {
    uint64_t id = axtask::current_id();
    for (Thread* t = g_threads; t; t = t->next) {
        if (t->task_id == id) return t;
    }
    return &g_main;
}

int* errno_slot() {
    return &current()->err;
}

void unlink(Thread* t) {
    for (Thread** p = &g_threads; *p; p = &(*p)->next) {
        if (*p == t) {
            *p = t->next;
            return;
        }
    }
}

void entry(void* p) {
    auto* t = static_cast<Thread*>(p);
    t->task_id = axtask::current_id();
    t->result = t->fn(t->arg);
    t->done = true;
    if (t->detached) {  // nobody joins: the task frees itself (axtask), the record here
        unlink(t);
        delete t;
    }
}

struct InstallErrnoHook {
    InstallErrnoHook() { __axlibc_set_errno_hook(errno_slot); }
} install_errno_hook;

axtask::WaitQueue* queue_of(void*& slot) {
    if (!slot) slot = new (std::nothrow) axtask::WaitQueue;
    return static_cast<axtask::WaitQueue*>(slot);
}

uint64_t self_id() {
    return reinterpret_cast<uint64_t>(current());
}

// The wall clock at boot (ns since 1970), from the RTC; 0 if it cannot be read.
uint64_t boot_epoch_ns() {
    static bool read = false;
    static uint64_t epoch = 0;
    if (read) return epoch;
    read = true;
    auto dt = axhal::rtc_read();
    if (!dt.ok()) return 0;
    // Days from 1970-01-01 to the date (civil calendar, proleptic Gregorian).
    auto d = dt.value();
    int y = d.year - (d.month <= 2);
    long era = y / 400;
    long yoe = y - era * 400;
    long doy = (153 * (d.month + (d.month > 2 ? -3 : 9)) + 2) / 5 + d.day - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    long days = era * 146097 + doe - 719468;
    uint64_t secs = uint64_t(days) * 86400 + d.hour * 3600u + d.minute * 60u + d.second;
    epoch = secs * 1'000'000'000 - axtask::now_ns();
    return epoch;
}

}  // namespace

struct pthread_attr_t {
    size_t stacksize;
    int detached;
};
struct pthread_mutex_t {
    unsigned long owner;
    void* waiters;
};
struct pthread_cond_t {
    void* waiters;
};
struct timespec {
    long tv_sec;
    long tv_nsec;
};

extern "C" {

int pthread_create(unsigned long* out, const pthread_attr_t* attr, void* (*fn)(void*), void* arg) {
    if (!out || !fn) return kEINVAL;
    auto* t = new (std::nothrow) Thread;
    if (!t) return kEAGAIN;
    t->fn = fn;
    t->arg = arg;
    axtask::SpawnOptions opts;
    opts.name = "pthread";
    if (attr && attr->stacksize) opts.stack_size = attr->stacksize;
    auto h = axtask::spawn(entry, t, opts);
    if (!h.ok()) {
        delete t;
        return kEAGAIN;
    }
    t->task = static_cast<axtask::TaskHandle&&>(h.value());
    t->next = g_threads;
    g_threads = t;
    *out = reinterpret_cast<unsigned long>(t);
    if (attr && attr->detached) {
        t->detached = true;
        axtask::detach(t->task);
    }
    return 0;
}

int pthread_join(unsigned long id, void** result) {
    auto* t = reinterpret_cast<Thread*>(id);
    if (!t || t == &g_main) return kESRCH;
    if (t == current()) return kEDEADLK;
    if (t->detached) return kEINVAL;
    if (!axtask::join(t->task).ok()) return kEINVAL;
    if (result) *result = t->result;
    unlink(t);
    delete t;
    return 0;
}

int pthread_detach(unsigned long id) {
    auto* t = reinterpret_cast<Thread*>(id);
    if (!t || t == &g_main || t->detached) return kEINVAL;
    t->detached = true;
    axtask::detach(t->task);
    if (t->done) {  // it has ended already: nobody else will free its record
        unlink(t);
        delete t;
    }
    return 0;
}

unsigned long pthread_self() {
    return self_id();
}

int pthread_attr_init(pthread_attr_t* a) {
    *a = {0, 0};
    return 0;
}
int pthread_attr_destroy(pthread_attr_t*) {
    return 0;
}
int pthread_attr_setstacksize(pthread_attr_t* a, size_t size) {
    if (size < 16384) return kEINVAL;  // PTHREAD_STACK_MIN
    a->stacksize = size;
    return 0;
}
int pthread_attr_setdetachstate(pthread_attr_t* a, int state) {
    if (state != 0 && state != 1) return kEINVAL;
    a->detached = state;
    return 0;
}

int pthread_mutex_init(pthread_mutex_t* m, const void*) {
    *m = {0, nullptr};
    return 0;
}
int pthread_mutex_destroy(pthread_mutex_t* m) {
    if (m->owner) return kEBUSY;
    delete static_cast<axtask::WaitQueue*>(m->waiters);
    m->waiters = nullptr;
    return 0;
}
int pthread_mutex_lock(pthread_mutex_t* m) {
    uint64_t self = self_id();
    if (m->owner == self) return kEDEADLK;
    while (m->owner) {
        axtask::WaitQueue* q = queue_of(m->waiters);
        if (!q) return kEAGAIN;
        q->wait();
    }
    m->owner = self;
    return 0;
}
int pthread_mutex_trylock(pthread_mutex_t* m) {
    if (m->owner) return kEBUSY;
    m->owner = self_id();
    return 0;
}
int pthread_mutex_unlock(pthread_mutex_t* m) {
    if (m->owner != self_id()) return kEPERM;
    m->owner = 0;
    if (m->waiters) static_cast<axtask::WaitQueue*>(m->waiters)->notify_one();
    return 0;
}

int pthread_cond_init(pthread_cond_t* c, const void*) {
    c->waiters = nullptr;
    return 0;
}
int pthread_cond_destroy(pthread_cond_t* c) {
    auto* q = static_cast<axtask::WaitQueue*>(c->waiters);
    if (q && !q->empty()) return kEBUSY;
    delete q;
    c->waiters = nullptr;
    return 0;
}
int pthread_cond_wait(pthread_cond_t* c, pthread_mutex_t* m) {
    axtask::WaitQueue* q = queue_of(c->waiters);
    if (!q) return kEAGAIN;
    if (int e = pthread_mutex_unlock(m); e != 0) return e;
    q->wait();  // nothing ran since the unlock: a signal after it wakes this wait
    return pthread_mutex_lock(m);
}
int pthread_cond_signal(pthread_cond_t* c) {
    if (c->waiters) static_cast<axtask::WaitQueue*>(c->waiters)->notify_one();
    return 0;
}
int pthread_cond_broadcast(pthread_cond_t* c) {
    if (c->waiters) static_cast<axtask::WaitQueue*>(c->waiters)->notify_all();
    return 0;
}

int clock_gettime(int clock, timespec* ts) {
    uint64_t ns;
    if (clock == 1) {
        ns = axtask::now_ns();
    } else if (clock == 0) {
        ns = boot_epoch_ns() + axtask::now_ns();
    } else {
        *__errno_location() = kEINVAL;
        return -1;
    }
    ts->tv_sec = long(ns / 1'000'000'000);
    ts->tv_nsec = long(ns % 1'000'000'000);
    return 0;
}
int gettimeofday(arceos_posix_api::TimeVal* tv, void* tz) {
    if (tz || !tv) {
        *__errno_location() = kEINVAL;
        return -1;
    }
    timespec ts;
    clock_gettime(0, &ts);
    *tv = {ts.tv_sec, ts.tv_nsec / 1000};
    return 0;
}
int nanosleep(const timespec* req, timespec* rem) {
    if (!req || req->tv_sec < 0 || req->tv_nsec < 0 || req->tv_nsec >= 1'000'000'000) {
        *__errno_location() = kEINVAL;
        return -1;
    }
    axtask::sleep_for(uint64_t(req->tv_sec) * 1'000'000'000 + uint64_t(req->tv_nsec));
    if (rem) *rem = {0, 0};
    return 0;
}
long time(long* t) {
    timespec ts;
    clock_gettime(0, &ts);
    if (t) *t = ts.tv_sec;
    return ts.tv_sec;
}
unsigned sleep(unsigned seconds) {
    axtask::sleep_for(uint64_t(seconds) * 1'000'000'000);
    return 0;
}
int usleep(unsigned usec) {
    axtask::sleep_for(uint64_t(usec) * 1'000);
    return 0;
}

}  // extern "C"
