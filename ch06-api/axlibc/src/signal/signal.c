/* signal: there are no signals here (signal.h). Ignoring or defaulting SIGPIPE is accepted,
 * since no write ever raises it (a closed connection gives EPIPE); any other request is
 * refused with EINVAL rather than accepted and never honoured. */
#include <errno.h>
#include <signal.h>

sighandler_t signal(int sig, sighandler_t handler) {
    if (sig == SIGPIPE && (handler == SIG_IGN || handler == SIG_DFL)) return SIG_DFL;
    errno = EINVAL;
    return SIG_ERR;
}
