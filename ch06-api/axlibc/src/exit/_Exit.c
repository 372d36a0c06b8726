/* _Exit: end the program at once through the exit hook (C17 7.22.4.5): the kernel powers off
 * with the status. With no hook installed, a trap: never a silent return. */
#include <axlibc/hooks.h>
#include <stdlib.h>

static __axlibc_exit_hook exit_hook;

__axlibc_exit_hook __axlibc_set_exit_hook(__axlibc_exit_hook hook) {
    __axlibc_exit_hook old = exit_hook;
    exit_hook = hook;
    return old;
}

void _Exit(int status) {
    if (exit_hook) exit_hook(status);
    __builtin_trap(); /* the hook returned, or there is none */
}
