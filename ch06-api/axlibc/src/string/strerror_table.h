/* The table behind strerror() and perror(): one message per Linux error number. */
#ifndef _AXLIBC_STRERROR_TABLE_H
#define _AXLIBC_STRERROR_TABLE_H

#define __AXLIBC_ERRNO_TABLE_SIZE 134

/* Messages indexed by error number; a null entry is an unnamed number. */
extern const char* const __axlibc_strerror_table[__AXLIBC_ERRNO_TABLE_SIZE];

#endif
