// engine/advisor/text_sanitize.cpp: UTF-8 decoding and the character classes
// stripped from untrusted text.
#include "text_sanitize.hpp"

#include <algorithm>
#include <cstdint>

namespace medic::advisor {
namespace {

/// Decodes one UTF-8 sequence at s[i]; returns its length, 0 when invalid.
size_t decode(std::string_view s, size_t i, uint32_t& cp) {
    auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
    unsigned char c = b(0);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + len > s.size()) return 0;
    cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (size_t k = 1; k < len; ++k) {
        if ((b(k) & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (b(k) & 0x3F);
    }
    static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;  // overlong, surrogate
    return len;
}

bool is_invisible(uint32_t cp) {
    return (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2064) ||
           (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF || cp == 0x00AD || cp == 0x180E ||
           (cp >= 0xE0000 && cp <= 0xE007F);
}

bool is_control(uint32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029; }

}  // namespace

bool is_valid_utf8(std::string_view s) {
    for (size_t i = 0; i < s.size();) {
        uint32_t cp = 0;
        size_t n = decode(s, i, cp);
        if (n == 0) return false;
        i += n;
    }
    return true;
}

std::string sanitize_text(std::string_view in, size_t max_bytes, bool keep_newlines, SanitizeStats* stats) {
    SanitizeStats local;
    SanitizeStats& st = stats ? *stats : local;
    std::string out;
    out.reserve(std::min(in.size(), max_bytes) + 4);
    for (size_t i = 0; i < in.size();) {
        uint32_t cp = 0;
        size_t n = decode(in, i, cp);
        std::string_view piece;
        if (n == 0) {
            ++st.invalid_utf8;
            piece = "\xEF\xBF\xBD";
            n = 1;
        } else if (is_invisible(cp)) {
            ++st.removed_invisible;
            i += n;
            continue;
        } else if (is_control(cp) && !(keep_newlines && cp == '\n')) {
            ++st.removed_controls;
            i += n;
            if (!out.empty() && out.back() != ' ') out.push_back(' ');
            continue;
        } else {
            piece = in.substr(i, n);
        }
        if (out.size() + piece.size() > max_bytes) {
            st.truncated = true;
            out += "...";
            return out;
        }
        out += piece;
        i += n;
    }
    return out;
}

}  // namespace medic::advisor
