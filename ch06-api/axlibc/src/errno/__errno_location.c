/* __errno_location: where errno lives for the calling thread (errno.h). Until the thread
 * layer installs its hook, one global slot serves everyone: right for a single task, wrong
 * for several (a task would see another's errno), which is why the hook exists. */
#include <axlibc/hooks.h>
#include <errno.h>

static int global_errno;
static __axlibc_errno_hook errno_hook;

__axlibc_errno_hook __axlibc_set_errno_hook(__axlibc_errno_hook hook) {
    __axlibc_errno_hook old = errno_hook;
    errno_hook = hook;
    return old;
}

int* __errno_location(void) {
    return errno_hook ? errno_hook() : &global_errno;
}
