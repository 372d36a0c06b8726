/* The lab stub of axlibc (internal/lab.h): a region the student has not written yet. */
#include <stdio.h>
#include <stdlib.h>

#include "../internal/lab.h"

void __axlibc_lab_todo(const char* region) {
    fprintf(stderr,
            "LAB %s: not written yet (chapter 6, section 13)\n  write it, then: make ch6-grade\n",
            region);
    abort();
}
