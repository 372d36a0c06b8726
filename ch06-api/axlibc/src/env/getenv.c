/* getenv: the value of NAME=value in the environment (C17 7.22.4.6). The environment is the
 * string the env hook gives (the kernel command line: words separated by spaces), copied on
 * the first call into a static buffer with the spaces turned into NULs, so each value is a
 * NUL-terminated string the program may keep. A command line longer than the buffer is cut
 * at a word boundary. */
#include <axlibc/hooks.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

enum { kEnvBytes = 4096 };

static __axlibc_env_hook env_hook;
static char env[kEnvBytes];
static size_t env_len;
static int env_loaded;

__axlibc_env_hook __axlibc_set_env_hook(__axlibc_env_hook hook) {
    __axlibc_env_hook old = env_hook;
    env_hook = hook;
    env_loaded = 0; /* read the new environment at the next getenv */
    return old;
}

static void load(void) {
    const char* src = env_hook ? env_hook() : NULL;
    env_len = 0;
    env_loaded = 1;
    if (!src) return;
    size_t n = strnlen(src, sizeof env);
    if (n == sizeof env) { /* too long: keep whole words only */
        while (n > 0 && src[n - 1] != ' ') n--;
    }
    memcpy(env, src, n);
    for (size_t i = 0; i < n; i++) {
        if (env[i] == ' ') env[i] = 0;
    }
    env_len = n;
}

char* getenv(const char* name) {
    if (!env_loaded) load();
    size_t k = strlen(name);
    if (k == 0 || strchr(name, '=')) return NULL;
    for (size_t i = 0; i < env_len;) {
        char* word = env + i;
        size_t wl = strnlen(word, env_len - i);
        if (wl > k && word[k] == '=' && memcmp(word, name, k) == 0) return word + k + 1;
        i += wl + 1;
    }
    return NULL;
}
