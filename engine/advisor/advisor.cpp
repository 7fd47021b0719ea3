// engine/advisor/advisor.cpp: small shared helpers of the Advisor interface.
#include "advisor.hpp"

#include <charconv>

namespace medic::advisor {
namespace {

uint64_t subject_id(const std::string& subject, std::string_view prefix) {
    if (subject.size() <= prefix.size() || subject.compare(0, prefix.size(), prefix) != 0) return 0;
    uint64_t v = 0;
    const char* b = subject.data() + prefix.size();
    const char* e = subject.data() + subject.size();
    auto [p, ec] = std::from_chars(b, e, v);
    return (ec == std::errc() && p == e) ? v : 0;
}

}  // namespace

uint64_t subject_store(const std::string& subject) { return subject_id(subject, "store:"); }
uint64_t subject_region(const std::string& subject) { return subject_id(subject, "region:"); }

}  // namespace medic::advisor
