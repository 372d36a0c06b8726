/* strerror: the message of an error number (C17 7.24.6.2); "Unknown error N" for a number
 * with no name, formatted into a buffer of the library (overwritten by the next such call). */
#include <stdio.h>
#include <string.h>

#include "strerror_table.h"

char* strerror(int errnum) {
    static char unknown[32];
    if (errnum >= 0 && errnum < __AXLIBC_ERRNO_TABLE_SIZE && __axlibc_strerror_table[errnum]) {
        return (char*)__axlibc_strerror_table[errnum];
    }
    snprintf(unknown, sizeof unknown, "Unknown error %d", errnum);
    return unknown;
}
