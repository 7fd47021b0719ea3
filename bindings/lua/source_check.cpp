// bindings/lua/source_check.cpp: find_cdata_literal (source_check.hpp), a
// small scanner that follows LuaJIT's lexer far enough to tell code from
// strings and comments and to cut number tokens the way lex_number does.
#include "bindings/lua/source_check.hpp"

namespace medic::lua {
namespace {

class Scanner {
public:
    explicit Scanner(std::string_view s) : s_(s) {}

    SourceProblem run() {
        skip_header();
        while (i_ < s_.size()) {
            char c = s_[i_];
            if (c == '\n' || c == '\r') newline();
            else if (c == '-' && at(1) == '-') comment();
            else if (c == '[' && long_bracket_level() >= 0) long_bracket(long_bracket_level());
            else if (c == '"' || c == '\'') short_string(c);
            else if (is_ident_start(c)) identifier();
            else if (is_digit(c) || (c == '.' && is_digit(at(1)))) {
                if (SourceProblem p = number(); p.line) return p;
            } else i_++;
        }
        return {};
    }

private:
    static bool is_digit(char c) { return c >= '0' && c <= '9'; }
    // LuaJIT's lexer treats bytes >= 0x80 as identifier characters.
    static bool is_ident_start(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || static_cast<unsigned char>(c) >= 0x80;
    }
    static bool is_ident(char c) { return is_ident_start(c) || is_digit(c); }
    char at(size_t k) const { return i_ + k < s_.size() ? s_[i_ + k] : '\0'; }

    /// \n, \r, \r\n and \n\r are one line break each (lj_lex.c lex_newline).
    void newline() {
        char c = s_[i_++];
        if (i_ < s_.size() && (s_[i_] == '\n' || s_[i_] == '\r') && s_[i_] != c) i_++;
        line_++;
    }

    void skip_header() {
        if (s_.substr(0, 3) == "\xEF\xBB\xBF") i_ = 3;
        if (at(0) == '#')
            while (i_ < s_.size() && s_[i_] != '\n' && s_[i_] != '\r') i_++;
    }

    /// At '[': the level of a long bracket [==[ starting here, or -1.
    int long_bracket_level() const {
        size_t k = 1;
        while (at(k) == '=') k++;
        return at(k) == '[' ? int(k - 1) : -1;
    }

    void long_bracket(int level) {
        i_ += size_t(level) + 2;
        while (i_ < s_.size()) {
            if (s_[i_] == '\n' || s_[i_] == '\r') {
                newline();
                continue;
            }
            if (s_[i_] == ']') {
                size_t k = 1;
                while (at(k) == '=') k++;
                if (at(k) == ']' && int(k - 1) == level) {
                    i_ += k + 1;
                    return;
                }
            }
            i_++;
        }
    }

    void comment() {
        i_ += 2;
        if (at(0) == '[' && long_bracket_level() >= 0) return long_bracket(long_bracket_level());
        while (i_ < s_.size() && s_[i_] != '\n' && s_[i_] != '\r') i_++;
    }

    void short_string(char quote) {
        i_++;
        while (i_ < s_.size() && s_[i_] != quote) {
            if (s_[i_] == '\n' || s_[i_] == '\r') return;  // unfinished: the lexer reports it
            if (s_[i_] == '\\' && i_ + 1 < s_.size()) {
                i_++;
                if (s_[i_] == '\n' || s_[i_] == '\r') {
                    newline();
                    continue;
                }
            }
            i_++;
        }
        i_++;
    }

    void identifier() {
        while (i_ < s_.size() && is_ident(s_[i_])) i_++;
    }

    SourceProblem number() {
        size_t start = i_;
        char prev = '\0';
        while (i_ < s_.size()) {
            char c = s_[i_];
            bool sign = (c == '-' || c == '+') && (prev == 'e' || prev == 'E' || prev == 'p' || prev == 'P');
            if (!is_ident(c) && c != '.' && !sign) break;
            prev = c;
            i_++;
        }
        std::string_view tok = s_.substr(start, i_ - start);
        char last = tok.back();
        if (last == 'i' || last == 'I' || last == 'l' || last == 'L' || last == 'u' || last == 'U') {
            std::string shown(tok.substr(0, 40));
            return {line_, "number literal '" + shown +
                               "': 64-bit integer and imaginary literals (1LL, 1ULL, 1i) are FFI values, "
                               "not available in runbooks"};
        }
        return {};
    }

    std::string_view s_;
    size_t i_ = 0;
    int line_ = 1;
};

}  // namespace

SourceProblem find_cdata_literal(std::string_view src) { return Scanner(src).run(); }

}  // namespace medic::lua
