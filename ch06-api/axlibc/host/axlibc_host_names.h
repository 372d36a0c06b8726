/* axlibc_host_names.h: forced in front of every axlibc source in the host build
 * (-include, see ch06-api/CMakeLists.txt) so that each public name becomes axlibc_<name>.
 * The host test then holds axlibc and glibc in one process and compares them call by call.
 * The test axlibc_symbols checks that no unrenamed public symbol is left in the library:
 * a name missing here fails it. Names beginning with __axlibc_ are axlibc's own already. */
#ifndef _AXLIBC_HOST_NAMES_H
#define _AXLIBC_HOST_NAMES_H

#define _Exit axlibc__Exit
#define __errno_location axlibc___errno_location
#define abort axlibc_abort
#define abs axlibc_abs
#define aligned_alloc axlibc_aligned_alloc
#define atexit axlibc_atexit
#define atof axlibc_atof
#define atoi axlibc_atoi
#define atol axlibc_atol
#define atoll axlibc_atoll
#define bsearch axlibc_bsearch
#define calloc axlibc_calloc
#define clearerr axlibc_clearerr
#define div axlibc_div
#define dprintf axlibc_dprintf
#define exit axlibc_exit
#define ferror axlibc_ferror
#define fflush axlibc_fflush
#define fileno axlibc_fileno
#define fprintf axlibc_fprintf
#define fputc axlibc_fputc
#define fputs axlibc_fputs
#define free axlibc_free
#define fwrite axlibc_fwrite
#define getenv axlibc_getenv
#define isalnum axlibc_isalnum
#define isalpha axlibc_isalpha
#define isblank axlibc_isblank
#define iscntrl axlibc_iscntrl
#define isdigit axlibc_isdigit
#define isgraph axlibc_isgraph
#define islower axlibc_islower
#define isprint axlibc_isprint
#define ispunct axlibc_ispunct
#define isspace axlibc_isspace
#define isupper axlibc_isupper
#define isxdigit axlibc_isxdigit
#define labs axlibc_labs
#define ldiv axlibc_ldiv
#define llabs axlibc_llabs
#define malloc axlibc_malloc
#define memchr axlibc_memchr
#define memcmp axlibc_memcmp
#define memcpy axlibc_memcpy
#define memmove axlibc_memmove
#define memrchr axlibc_memrchr
#define memset axlibc_memset
#define perror axlibc_perror
#define printf axlibc_printf
#define putc axlibc_putc
#define putchar axlibc_putchar
#define puts axlibc_puts
#define qsort axlibc_qsort
#define rand axlibc_rand
#define realloc axlibc_realloc
#define snprintf axlibc_snprintf
#define sprintf axlibc_sprintf
#define srand axlibc_srand
#define stderr axlibc_stderr
#define stdin axlibc_stdin
#define stdout axlibc_stdout
#define stpcpy axlibc_stpcpy
#define strcasecmp axlibc_strcasecmp
#define strcat axlibc_strcat
#define strchr axlibc_strchr
#define strcmp axlibc_strcmp
#define strcoll axlibc_strcoll
#define strcpy axlibc_strcpy
#define strcspn axlibc_strcspn
#define strdup axlibc_strdup
#define strerror axlibc_strerror
#define strlen axlibc_strlen
#define strncasecmp axlibc_strncasecmp
#define strncat axlibc_strncat
#define strncmp axlibc_strncmp
#define strncpy axlibc_strncpy
#define strndup axlibc_strndup
#define strnlen axlibc_strnlen
#define strpbrk axlibc_strpbrk
#define strrchr axlibc_strrchr
#define strspn axlibc_strspn
#define strstr axlibc_strstr
#define strtod axlibc_strtod
#define strtof axlibc_strtof
#define strtok axlibc_strtok
#define strtok_r axlibc_strtok_r
#define strtol axlibc_strtol
#define strtoll axlibc_strtoll
#define strtoul axlibc_strtoul
#define strtoull axlibc_strtoull
#define tolower axlibc_tolower
#define toupper axlibc_toupper
#define vdprintf axlibc_vdprintf
#define vfprintf axlibc_vfprintf
#define vprintf axlibc_vprintf
#define vsnprintf axlibc_vsnprintf
#define vsprintf axlibc_vsprintf

#endif
