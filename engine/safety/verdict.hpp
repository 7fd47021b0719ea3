// engine/safety/verdict.hpp: Verdict, the answer of one safety check.
// Every refusal names the policy that refused and the numbers it compared, so
// the audit log, the CLI and the GUI can show why ("policy rate_limit.global:
// 20 actions/s exceeded (bucket empty, refill 20/s)").
#pragma once

#include <string>
#include <utility>

namespace medic::safety {

enum class Decision : unsigned char { Allow, NeedApproval, Refuse };

struct Verdict {
    Decision decision = Decision::Allow;
    std::string policy;   ///< stable policy id, e.g. "autonomy", "blast_radius.leaders_per_action"
    std::string message;  ///< one line with the numbers

    bool allowed() const { return decision == Decision::Allow; }
    bool refused() const { return decision == Decision::Refuse; }

    static Verdict allow(std::string policy, std::string message = "") {
        return {Decision::Allow, std::move(policy), std::move(message)};
    }
    static Verdict refuse(std::string policy, std::string message) {
        return {Decision::Refuse, std::move(policy), std::move(message)};
    }
    static Verdict need_approval(std::string policy, std::string message) {
        return {Decision::NeedApproval, std::move(policy), std::move(message)};
    }
    /// "refuse autonomy: ..." — the form written to the audit log.
    std::string to_string() const {
        const char* d = decision == Decision::Allow ? "allow" : decision == Decision::Refuse ? "refuse" : "need_approval";
        return std::string(d) + " " + policy + (message.empty() ? "" : ": " + message);
    }
};

}  // namespace medic::safety
