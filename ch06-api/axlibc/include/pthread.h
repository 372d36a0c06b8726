/* pthread.h: threads over axtask (cooperative tasks), mutexes and condition variables that
 * block on axtask wait queues. Functions return 0 or an error number, never set errno. */
#ifndef _AXLIBC_PTHREAD_H
#define _AXLIBC_PTHREAD_H
#include <stddef.h>
#include <time.h>
#ifdef __cplusplus
extern "C" {
#endif
typedef unsigned long pthread_t;
/** Creation attributes: the stack size and the detach state. */
typedef struct {
    size_t stacksize; /**< stack bytes (0: axtask's default). */
    int detached; /**< PTHREAD_CREATE_DETACHED or _JOINABLE. */
} pthread_attr_t;
/** A mutex: the owner's thread id (0: free) and the tasks waiting (an axtask wait queue). */
typedef struct {
    unsigned long owner; /**< the owning thread, 0 when free. */
    void* waiters; /**< an axtask wait queue, made at first need. */
} pthread_mutex_t;
/** Mutex attributes (none are supported). */
typedef struct {
    int unused; /**< no attributes are supported. */
} pthread_mutexattr_t;
/** A condition variable: the tasks waiting (an axtask wait queue). */
typedef struct {
    void* waiters; /**< an axtask wait queue, made at first need. */
} pthread_cond_t;
/** Condition attributes (none are supported). */
typedef struct {
    int unused; /**< no attributes are supported. */
} pthread_condattr_t;
#define PTHREAD_MUTEX_INITIALIZER {0, 0}
#define PTHREAD_COND_INITIALIZER {0}
#define PTHREAD_CREATE_JOINABLE 0
#define PTHREAD_CREATE_DETACHED 1
int pthread_create(pthread_t* t, const pthread_attr_t* attr, void* (*fn)(void*), void* arg);
int pthread_join(pthread_t t, void** ret);
int pthread_detach(pthread_t t);
pthread_t pthread_self(void);
int pthread_attr_init(pthread_attr_t* a);
int pthread_attr_destroy(pthread_attr_t* a);
int pthread_attr_setstacksize(pthread_attr_t* a, size_t size);
int pthread_attr_setdetachstate(pthread_attr_t* a, int state);
int pthread_mutex_init(pthread_mutex_t* m, const pthread_mutexattr_t* attr);
int pthread_mutex_destroy(pthread_mutex_t* m);
int pthread_mutex_lock(pthread_mutex_t* m);
int pthread_mutex_trylock(pthread_mutex_t* m);
int pthread_mutex_unlock(pthread_mutex_t* m);
int pthread_cond_init(pthread_cond_t* c, const pthread_condattr_t* attr);
int pthread_cond_destroy(pthread_cond_t* c);
int pthread_cond_wait(pthread_cond_t* c, pthread_mutex_t* m);
int pthread_cond_signal(pthread_cond_t* c);
int pthread_cond_broadcast(pthread_cond_t* c);
#ifdef __cplusplus
}
#endif
#endif
