/* div, ldiv: quotient and remainder in one call, truncating toward zero (C17 7.22.6.2). */
#include <stdlib.h>

div_t div(int num, int den) {
    return (div_t){num / den, num % den};
}

ldiv_t ldiv(long num, long den) {
    return (ldiv_t){num / den, num % den};
}
