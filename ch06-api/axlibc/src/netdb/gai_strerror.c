/* gai_strerror: a sentence for each of getaddrinfo's EAI_* codes (netdb.h). */
#include <netdb.h>

const char* gai_strerror(int code) {
    switch (code) {
        case 0:
            return "Success";
        case EAI_BADFLAGS:
            return "Invalid flags in the hints";
        case EAI_NONAME:
            return "Unknown host or service";
        case EAI_AGAIN:
            return "The name server did not answer; try again";
        case EAI_FAIL:
            return "Name resolution failed";
        case EAI_FAMILY:
            return "Address family not supported";
        case EAI_SOCKTYPE:
            return "Socket type not supported";
        case EAI_SERVICE:
            return "Service not supported for this socket type";
        case EAI_MEMORY:
            return "Out of memory";
        case EAI_SYSTEM:
            return "System error (see errno)";
        case EAI_OVERFLOW:
            return "Buffer too small";
        default:
            return "Unknown getaddrinfo error";
    }
}
