// axruntime/src/cmdline.cpp: reading key=value words of the kernel command line.
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

}  // namespace axruntime
