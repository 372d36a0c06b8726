/* qsort: sort n elements of size bytes (C17 7.22.5.2). Heapsort: O(n log n) in the worst
 * case, no recursion and no extra memory, which matters more in a kernel than the constant
 * factor a quicksort would win. Not stable (the standard does not ask it to be). */
#include <stddef.h>
#include <stdlib.h>

static void swap_bytes(unsigned char* a, unsigned char* b, size_t size) {
    for (size_t i = 0; i < size; i++) {
        unsigned char t = a[i];
        a[i] = b[i];
        b[i] = t;
    }
}

/* Moves element i down the heap of the first n elements until both children are smaller. */
static void sift_down(unsigned char* base, size_t i, size_t n, size_t size,
                      int (*cmp)(const void*, const void*)) {
    for (;;) {
        size_t child = 2 * i + 1;
        if (child >= n) return;
        if (child + 1 < n && cmp(base + child * size, base + (child + 1) * size) < 0) child++;
        if (cmp(base + i * size, base + child * size) >= 0) return;
        swap_bytes(base + i * size, base + child * size, size);
        i = child;
    }
}

void qsort(void* base, size_t n, size_t size, int (*cmp)(const void*, const void*)) {
    unsigned char* b = base;
    if (n < 2 || size == 0) return;
    for (size_t i = n / 2; i-- > 0;) sift_down(b, i, n, size, cmp);
    for (size_t end = n - 1; end > 0; end--) {
        swap_bytes(b, b + end * size, size); /* the largest goes to the end */
        sift_down(b, 0, end, size, cmp);
    }
}
