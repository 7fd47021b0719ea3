// engine/advisor/text_sanitize.hpp: making untrusted text safe to show, log
// or put into a prompt: valid UTF-8 only, no control characters, no
// invisible or direction-changing characters, bounded length.
//
// Why each class goes: C0/C1 controls can forge log lines and terminal
// escapes; zero-width characters (U+200B..U+200F, U+2060..U+2064, U+FEFF) and
// Unicode tag characters (U+E0000..U+E007F) hide text from a human reviewer
// while a model still reads it; bidi overrides (U+202A..U+202E,
// U+2066..U+2069) make a reviewer read something other than what is there.
// This unit only transforms text; it never decides whether text is hostile
// (injection_detect does that).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace medic::advisor {

struct SanitizeStats {
    size_t removed_controls = 0;
    size_t removed_invisible = 0;  ///< zero-width, bidi, tag characters
    size_t invalid_utf8 = 0;       ///< bytes replaced with U+FFFD
    bool truncated = false;
};

/// Cleans `in`: invalid UTF-8 becomes U+FFFD, controls become a space (runs
/// collapsed) unless keep_newlines, invisible characters are dropped, and the
/// result is cut at a character boundary to at most max_bytes (plus "...").
/// @return the cleaned text.
std::string sanitize_text(std::string_view in, size_t max_bytes, bool keep_newlines = false,
                          SanitizeStats* stats = nullptr);

/// True when `s` is well-formed UTF-8.
bool is_valid_utf8(std::string_view s);

}  // namespace medic::advisor
