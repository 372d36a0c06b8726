/* rand, srand: a 64-bit linear congruential generator, top 31 bits out (C17 7.22.2). Not for
 * anything that needs unpredictability. */
#include <stdint.h>
#include <stdlib.h>

static uint64_t state = 1;

void srand(unsigned seed) {
    state = seed - 1ULL;
}

int rand(void) {
    state = 6364136223846793005ULL * state + 1;
    return (int)(state >> 33);
}
