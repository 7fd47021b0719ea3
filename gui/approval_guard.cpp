// gui/approval_guard.cpp: detects changes under a pending approval.
#include "approval_guard.hpp"

#include <map>

#include "theme.hpp"

namespace medic::gui {

std::string describe_fact_changes(const std::vector<KeyValue>& before, const std::vector<KeyValue>& now,
                                  const char* arrow) {
    std::map<std::string, std::string> old_facts, new_facts;
    for (const auto& f : before) old_facts[f.key] = f.value;
    for (const auto& f : now) new_facts[f.key] = f.value;
    std::string out;
    auto add = [&out](const std::string& s) { out += out.empty() ? s : "; " + s; };
    for (const auto& [k, v] : old_facts) {
        auto it = new_facts.find(k);
        if (it == new_facts.end()) add(k + " no longer known (was " + v + ")");
        else if (it->second != v) add(k + " " + v + " " + arrow + " " + it->second);
    }
    for (const auto& [k, v] : new_facts)
        if (!old_facts.count(k)) add(k + " now " + v);
    return out;
}

void ApprovalGuard::remember(const ProposalView& p) {
    have_ = true;
    id_ = p.id;
    binding_ = p.binding;
    facts_ = p.facts;
    was_open_ = theme::is_open(p.outcome);
}

bool ApprovalGuard::observe(const ProposalView* shown) {
    if (!shown) {
        bool reset = have_ && was_open_;
        if (reset) reason_ = "Proposal #" + std::to_string(id_) + " is no longer offered.";
        have_ = false;
        return reset;
    }
    if (!have_) {
        remember(*shown);
        return false;
    }
    bool reset = false;
    if (shown->id != id_) {
        // A different proposal replaced the one being decided on: make the
        // person look again before anything is approved.
        if (was_open_) {
            reason_ = "Proposal #" + std::to_string(id_) + " was replaced by #" + std::to_string(shown->id) +
                      "; review it before approving.";
            needs_ack_ = true;
            reset = true;
        } else {
            needs_ack_ = false;
        }
    } else if (shown->binding != binding_ || shown->facts != facts_) {
        std::string facts = describe_fact_changes(facts_, shown->facts, theme::sym_arrow());
        reason_ = facts.empty() ? "The proposed plan changed (" + binding_.substr(0, 8) + " " + theme::sym_arrow() +
                                      " " + shown->binding.substr(0, 8) + "); review it before approving."
                                : "Cluster facts changed: " + facts + ". Review before approving.";
        needs_ack_ = theme::is_open(shown->outcome);
        reset = true;
    }
    remember(*shown);
    return reset;
}

}  // namespace medic::gui
