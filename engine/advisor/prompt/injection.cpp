// engine/advisor/prompt/injection.cpp: phrase list for instruction-like text.
#include "injection.hpp"

#include <algorithm>
#include <cctype>

#include "../text_sanitize.hpp"

namespace medic::advisor {
namespace {

// Phrases that address a model or an operator rather than describe a
// cluster. Kept specific: PD and TiKV data never contain them naturally.
constexpr std::string_view kPhrases[] = {
    "ignore previous",  "ignore all",         "ignore the above",   "ignore your",      "disregard",
    "forget your",      "new instructions",   "system prompt",      "you are now",      "you must",
    "as an ai",         "assistant:",         "system:",            "<|im_start|>",     "[inst]",
    "propose_remediation", "approve",         "auto-approve",       "skip the gate",    "bypass",
    "override",         "do not tell",        "execute the following", "run the following", "drain_store",
    "evict_leader",     "remove_peer",        "delete store",       "rm -rf",           "curl http",
};

std::string fold(std::string_view s) {
    std::string clean = sanitize_text(s, 1u << 20, false);
    std::string out;
    out.reserve(clean.size());
    for (char c : clean) {
        char l = char(std::tolower(static_cast<unsigned char>(c)));
        if (l == ' ' && !out.empty() && out.back() == ' ') continue;  // collapse runs of spaces
        out.push_back(l);
    }
    return out;
}

}  // namespace

std::string instruction_like(std::string_view text) {
    std::string f = fold(text);
    for (std::string_view p : kPhrases)
        if (f.find(p) != std::string::npos) return std::string(p);
    return {};
}

}  // namespace medic::advisor
