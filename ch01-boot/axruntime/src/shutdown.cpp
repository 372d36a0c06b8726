// axruntime/src/shutdown.cpp: the shutdown hooks exit() runs before powering off, so that a
// module above the runtime (axnet: the bytes still in TCP's send queues) can finish what it
// accepted without the runtime knowing the module. Hardware-free: host tests in
// tests/shutdown_test.cpp. Chapter 1, 3.5 (the init order, step 8); chapter 5, 4.9 registers one.
#include <axruntime/axruntime.h>

namespace axruntime {

namespace {
struct Registered {
    ShutdownHook hook;
    void* ctx;
};
Registered g_hooks[kMaxShutdownHooks];
size_t g_num_hooks;
}  // namespace

bool add_shutdown_hook(ShutdownHook hook, void* ctx) {
    if (!hook || g_num_hooks == kMaxShutdownHooks) return false;
    g_hooks[g_num_hooks++] = {hook, ctx};
    return true;
}

size_t run_shutdown_hooks() {
    size_t ran = 0;
    // Last registered first; each is taken off before it runs, so a hook that calls exit()
    // (and with it this function) cannot run itself or an earlier one twice.
    while (g_num_hooks > 0) {
        Registered r = g_hooks[--g_num_hooks];
        r.hook(r.ctx);
        ++ran;
    }
    return ran;
}

}  // namespace axruntime
