/* signal.h: what has a meaning without processes. There are no signals: SIGPIPE never
 * happens (a write to a closed connection fails with EPIPE), so signal(SIGPIPE, SIG_IGN),
 * what servers do on Linux, is accepted and changes nothing; other handlers are refused. */
#ifndef _AXLIBC_SIGNAL_H
#define _AXLIBC_SIGNAL_H
#ifdef __cplusplus
extern "C" {
#endif
typedef void (*sighandler_t)(int);
#define SIG_DFL ((sighandler_t)0)
#define SIG_IGN ((sighandler_t)1)
#define SIG_ERR ((sighandler_t)-1)
#define SIGINT 2
#define SIGPIPE 13
#define SIGTERM 15
/** SIG_IGN or SIG_DFL for SIGPIPE: returns SIG_DFL; anything else SIG_ERR and EINVAL. */
sighandler_t signal(int sig, sighandler_t handler);
#ifdef __cplusplus
}
#endif
#endif
