// axlog/src/format.cpp: the formatting engine behind axlog::format. Hardware-free: the host
// tests (tests/format_test.cpp) compile this same file.
#include <axlog/format.h>

namespace axlog {

void BufferWriter::write(const char* s, size_t len) {
    size_t room = m_cap - 1 - m_len;
    size_t n = len < room ? len : room;
    for (size_t i = 0; i < n; ++i) m_buf[m_len + i] = s[i];
    m_len += n;
    m_dropped += len - n;
    m_buf[m_len] = '\0';
}

namespace {

struct Spec {
    char fill = ' ';
    char align = 0;  // '<', '>' or 0 for the type's default
    bool alt = false;
    bool zero = false;
    unsigned width = 0;
    char type = 0;
};

// Parses the text between ':' and '}'; returns false on anything it does not understand.
bool parse_spec(std::string_view s, Spec& spec) {
    size_t i = 0;
    if (s.size() >= 2 && (s[1] == '<' || s[1] == '>')) {
        spec.fill = s[0];
        spec.align = s[1];
        i = 2;
    } else if (!s.empty() && (s[0] == '<' || s[0] == '>')) {
        spec.align = s[0];
        i = 1;
    }
    if (i < s.size() && s[i] == '#') spec.alt = true, ++i;
    if (i < s.size() && s[i] == '0') spec.zero = true, ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
        spec.width = spec.width * 10 + unsigned(s[i] - '0');
        if (spec.width > 256) return false;
        ++i;
    }
    if (i < s.size()) spec.type = s[i++];
    switch (spec.type) {  // an unknown type is an error in the format string, not a default
        case 0:
        case 'd':
        case 'x':
        case 'X':
        case 'b':
        case 'c':
        case 's':
        case 'p':
            break;
        default:
            return false;
    }
    return i == s.size();
}

void pad(Writer& out, char fill, size_t n) {
    char chunk[16];
    for (char& c : chunk) c = fill;
    while (n > 0) {
        size_t k = n < sizeof(chunk) ? n : sizeof(chunk);
        out.write(chunk, k);
        n -= k;
    }
}

// Writes prefix+body padded to spec.width. Numbers zero-pad between prefix and digits.
void emit(Writer& out, const Spec& spec, std::string_view prefix, std::string_view body,
          bool numeric) {
    size_t len = prefix.size() + body.size();
    size_t padding = spec.width > len ? spec.width - len : 0;
    if (numeric && spec.zero && !spec.align) {
        out.write(prefix.data(), prefix.size());
        pad(out, '0', padding);
        out.write(body.data(), body.size());
        return;
    }
    char align = spec.align ? spec.align : (numeric ? '>' : '<');
    if (align == '>') pad(out, spec.fill, padding);
    out.write(prefix.data(), prefix.size());
    out.write(body.data(), body.size());
    if (align == '<') pad(out, spec.fill, padding);
}

void emit_unsigned(Writer& out, const Spec& spec, unsigned long long v, bool negative) {
    unsigned base = 10;
    const char* digits = "0123456789abcdef";
    std::string_view prefix = negative ? "-" : "";
    switch (spec.type) {
        case 'x':
        case 'p':
            base = 16;
            if (spec.alt || spec.type == 'p') prefix = negative ? "-0x" : "0x";
            break;
        case 'X':
            base = 16;
            digits = "0123456789ABCDEF";
            if (spec.alt) prefix = negative ? "-0X" : "0X";
            break;
        case 'b':
            base = 2;
            if (spec.alt) prefix = negative ? "-0b" : "0b";
            break;
        default:
            break;
    }
    char buf[64];
    size_t pos = sizeof(buf);
    do {
        buf[--pos] = digits[v % base];
        v /= base;
    } while (v != 0);
    emit(out, spec, prefix, std::string_view(buf + pos, sizeof(buf) - pos), true);
}

void emit_arg(Writer& out, const Spec& spec, const FormatArg& arg) {
    using K = FormatArg::Kind;
    switch (arg.kind) {
        case K::Signed:
            if (spec.type == 'c') {
                char c = char(arg.i);
                emit(out, spec, "", std::string_view(&c, 1), false);
                return;
            }
            if (arg.i < 0) {
                emit_unsigned(out, spec, 0ull - static_cast<unsigned long long>(arg.i), true);
            } else {
                emit_unsigned(out, spec, static_cast<unsigned long long>(arg.i), false);
            }
            return;
        case K::Unsigned:
            if (spec.type == 'c') {
                char c = char(arg.u);
                emit(out, spec, "", std::string_view(&c, 1), false);
                return;
            }
            emit_unsigned(out, spec, arg.u, false);
            return;
        case K::Bool:
            emit(out, spec, "", arg.b ? "true" : "false", false);
            return;
        case K::Char:
            if (spec.type == 'd' || spec.type == 'x' || spec.type == 'X') {
                emit_unsigned(out, spec, static_cast<unsigned char>(arg.c), false);
                return;
            }
            emit(out, spec, "", std::string_view(&arg.c, 1), false);
            return;
        case K::String:
            emit(out, spec, "", arg.s, false);
            return;
        case K::Pointer: {
            Spec p = spec;
            if (p.type != 'x' && p.type != 'X') p.type = 'p';
            emit_unsigned(out, p, reinterpret_cast<uintptr_t>(arg.p), false);
            return;
        }
    }
}

}  // namespace

void vformat(Writer& out, std::string_view fmt, const FormatArg* args, size_t nargs) {
    size_t next_arg = 0;
    size_t i = 0;
    while (i < fmt.size()) {
        size_t start = i;
        while (i < fmt.size() && fmt[i] != '{' && fmt[i] != '}') ++i;
        if (i > start) out.write(fmt.data() + start, i - start);
        if (i >= fmt.size()) break;
        char c = fmt[i];
        if (i + 1 < fmt.size() && fmt[i + 1] == c) {  // "{{" or "}}"
            out.write(&c, 1);
            i += 2;
            continue;
        }
        if (c == '}') {  // a lone '}' is printed as it is
            out.write(&c, 1);
            ++i;
            continue;
        }
        size_t close = fmt.find('}', i);
        if (close == std::string_view::npos) {
            out.write("{!}", 3);
            break;
        }
        std::string_view field = fmt.substr(i + 1, close - i - 1);
        i = close + 1;
        Spec spec;
        if (!field.empty() && (field[0] != ':' || !parse_spec(field.substr(1), spec))) {
            out.write("{!}", 3);
            continue;
        }
        if (next_arg >= nargs) {
            out.write("{?}", 3);
            continue;
        }
        emit_arg(out, spec, args[next_arg++]);
    }
}

}  // namespace axlog
