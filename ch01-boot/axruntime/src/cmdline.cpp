// axruntime/src/cmdline.cpp: reading key=value words of the kernel command line, and finding
// the words no part of the kernel knows (hardware-free; the host tests compile it too).
#include <axruntime/axruntime.h>

namespace axruntime {

std::string_view find_cmdline_value(std::string_view cmdline, std::string_view key) {
    size_t i = 0;
    while (i < cmdline.size()) {
        while (i < cmdline.size() && cmdline[i] == ' ') ++i;
        size_t end = cmdline.find(' ', i);
        if (end == std::string_view::npos) end = cmdline.size();
        std::string_view word = cmdline.substr(i, end - i);
        if (word.size() > key.size() && word.substr(0, key.size()) == key &&
            word[key.size()] == '=') {
            return word.substr(key.size() + 1);
        }
        i = end;
    }
    return {};
}

namespace {

bool listed(std::string_view key, const char* const* known) {
    for (; known && *known; ++known) {
        if (key == *known) return true;
    }
    return false;
}

}  // namespace

size_t find_unknown_cmdline_args(std::string_view cmdline, const char* const* known_a,
                                 const char* const* known_b,
                                 void (*report)(std::string_view word, void* ctx), void* ctx) {
    size_t unknown = 0;
    size_t i = 0;
    while (i < cmdline.size()) {
        while (i < cmdline.size() && cmdline[i] == ' ') ++i;
        if (i == cmdline.size()) break;
        size_t end = cmdline.find(' ', i);
        if (end == std::string_view::npos) end = cmdline.size();
        std::string_view word = cmdline.substr(i, end - i);
        std::string_view key = word.substr(0, word.find('='));
        if (!listed(key, known_a) && !listed(key, known_b)) {
            ++unknown;
            report(word, ctx);
        }
        i = end;
    }
    return unknown;
}

}  // namespace axruntime
