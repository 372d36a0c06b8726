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

// Whether @p key looks like an environment variable: A-Z, 0-9 and '_', not empty, not
// starting with a digit (POSIX's portable names).
bool environment_name(std::string_view key) {
    if (key.empty() || (key[0] >= '0' && key[0] <= '9')) return false;
    for (char c : key) {
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
    }
    return true;
}

bool listed(std::string_view key, const char* const* names) {
    for (; names && *names; ++names) {
        std::string_view name = *names;
        if (key == name) return true;
        if (name == AX_CMDLINE_ENVIRONMENT_MARKER && environment_name(key)) return true;
    }
    return false;
}

}  // namespace

size_t find_unknown_cmdline_args(std::string_view cmdline, const char* const* const* lists,
                                 size_t count, void (*report)(std::string_view word, void* ctx),
                                 void* ctx) {
    size_t unknown = 0;
    size_t i = 0;
    while (i < cmdline.size()) {
        while (i < cmdline.size() && cmdline[i] == ' ') ++i;
        if (i == cmdline.size()) break;
        size_t end = cmdline.find(' ', i);
        if (end == std::string_view::npos) end = cmdline.size();
        std::string_view word = cmdline.substr(i, end - i);
        std::string_view key = word.substr(0, word.find('='));
        bool known = false;
        for (size_t l = 0; l < count && !known; ++l) known = listed(key, lists[l]);
        if (!known) {
            ++unknown;
            report(word, ctx);
        }
        i = end;
    }
    return unknown;
}

}  // namespace axruntime
