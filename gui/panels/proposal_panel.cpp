// gui/panels/proposal_panel.cpp: the current proposal as the engine rendered
// it. Order matters: the exact actions and parameters first and largest, the
// expected change, engine-computed risk and reversibility, validation checks,
// the dry-run preview; then the advisor's reasoning (model text, drawn as
// plain text only). The decision footer binds Approve/Reject to the plan hash
// on screen; ApprovalGuard resets it when the plan or its facts change.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

#include "../theme.hpp"
#include "../widgets/widgets.hpp"
#include "panels.hpp"

namespace medic::gui {
namespace {

constexpr double kResendAfterS = 5.0;  // re-enable the buttons if the engine never answered

std::string confirm_token(const ProposalView& p) {
    for (const auto& a : p.actions)
        if (a.confirm_store) return std::to_string(a.confirm_store);
    return std::to_string(p.id);
}

bool needs_typed_confirmation(const ProposalView& p) { return p.risk >= Risk::High; }

void push_button_colour(ImVec4 c) {
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(c.x * 0.55f, c.y * 0.55f, c.z * 0.55f, 1));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(c.x * 0.7f, c.y * 0.7f, c.z * 0.7f, 1));
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, c);
}

}  // namespace

ProposalPanel::ProposalPanel() : Panel("Proposal", "proposal") {}

void ProposalPanel::clear_inputs() {
    typed_.clear();
    reject_reason_.clear();
    rejecting_ = false;
}

namespace {
/// The one waiting longest for a person, other than `except`. By age, not
/// by position: the list holds proposals, then runbooks' own actions.
const ProposalView* oldest_open(const UiSnapshot& snap, std::int64_t except) {
    const ProposalView* found = nullptr;
    for (const auto& p : snap.proposals)
        if (theme::is_open(p.outcome) && p.id != except && (!found || p.age_s > found->age_s)) found = &p;
    return found;
}

int open_count(const UiSnapshot& snap) {
    int n = 0;
    for (const auto& p : snap.proposals) n += theme::is_open(p.outcome) ? 1 : 0;
    return n;
}
}  // namespace

const ProposalView* ProposalPanel::choose(const UiSnapshot& snap) {
    for (const auto& p : snap.proposals) {
        if (p.id != selected_) continue;
        // After deciding here, the result stays on screen a moment, then the
        // next question waiting for a person comes up by itself. A proposal
        // the person picked to read is never switched away from.
        bool settled = !theme::is_open(p.outcome) && p.outcome != ProposalOutcome::Approved;
        if (sent_for_ == p.id && settled && ImGui::GetTime() - sent_at_ > kShowResultS)
            if (const ProposalView* next = oldest_open(snap, p.id)) {
                sent_for_ = 0;
                selected_ = next->id;
                return next;
            }
        return &p;
    }
    // Nothing chosen (or it vanished): the newest one still waiting for a
    // person, pinned from now on so newer proposals never swap it out from
    // under a decision (the selector switches explicitly).
    for (const auto& p : snap.proposals)
        if (theme::is_open(p.outcome)) {
            selected_ = p.id;
            return &p;
        }
    return snap.proposals.empty() ? nullptr : &snap.proposals.front();
}

void ProposalPanel::draw_content(const UiSnapshot& snap, CommandSink& sink) {
    const ProposalView* p = choose(snap);
    if (guard_.observe(p)) clear_inputs();
    kill_engaged_ = snap.kill.engaged;
    if (!p) {
        widgets::empty_state("No proposal. The advisor proposes when an incident opens.");
        mark_value("proposal_id", 0);
        return;
    }
    mark_value("proposal_id", p->id);
    mark_value("proposal_open", theme::is_open(p->outcome) ? 1 : 0);
    draw_selector(snap);
    draw_header(*p);
    float footer_h = ImGui::GetFrameHeightWithSpacing() * 4.2f + (guard_.needs_ack() ? 60.0f : 0.0f);
    ImGui::BeginChild("proposal_body", ImVec2(0, -footer_h), false);
    draw_actions(*p);
    draw_risk_and_checks(*p);
    draw_reasoning(*p);
    ImGui::EndChild();
    ImGui::Separator();
    draw_decision(*p, sink);
}

void ProposalPanel::pick(std::int64_t id) {
    selected_ = id;
    sent_for_ = 0;
    guard_.start_over();
    clear_inputs();
}

void ProposalPanel::draw_selector(const UiSnapshot& snap) {
    if (snap.proposals.size() < 2) return;
    const ProposalView* cur = choose(snap);
    auto name = [](const ProposalView& p) { return p.label.empty() ? "#" + std::to_string(p.id) : p.label; };
    std::string preview = name(*cur) + "  " + theme::label(cur->outcome);
    // Others waiting for a person are one click away, oldest first.
    int others = open_count(snap) - (theme::is_open(cur->outcome) ? 1 : 0);
    if (const ProposalView* next = others > 0 ? oldest_open(snap, cur->id) : nullptr) {
        std::string label = "Next waiting (" + std::to_string(others) + ")";
        if (ImGui::Button(label.c_str())) pick(next->id);
        mark("next_waiting");
        ImGui::SameLine();
    }
    ImGui::SetNextItemWidth(-1);
    if (ImGui::BeginCombo("##which", preview.c_str())) {
        for (const auto& p : snap.proposals) {
            std::string item = name(p) + "  " + (p.actions.empty() ? p.runbook : p.actions[0].kind) +
                               "  (" + theme::label(p.outcome) + ")";
            if (ImGui::Selectable(item.c_str(), p.id == cur->id) && p.id != cur->id) pick(p.id);
        }
        ImGui::EndCombo();
    }
}

void ProposalPanel::draw_header(const ProposalView& p) {
    if (p.label.empty()) ImGui::Text("Proposal #%lld", static_cast<long long>(p.id));
    else ImGui::TextUnformatted(p.label.c_str());
    ImGui::SameLine();
    widgets::badge(theme::label(p.outcome), theme::colour(p.outcome));
    ImGui::SameLine();
    // A runbook's own action (or one from the CLI) belongs to no incident.
    std::string incident = p.incident_id > 0 ? "incident #" + std::to_string(p.incident_id) + "  " : "";
    ImGui::TextDisabled("%s%s  %s ago", incident.c_str(), p.advisor.c_str(), widgets::format_age(p.age_s).c_str());
}

void ProposalPanel::draw_actions(const ProposalView& p) {
    widgets::section("PLAN");
    if (p.actions.empty() && p.runbook.empty()) widgets::empty_state("The plan has no actions.");
    for (std::size_t i = 0; i < p.actions.size(); ++i) {
        const ActionView& a = p.actions[i];
        ImGui::PushID(static_cast<int>(i));
        ImGui::PushFont(theme::font_large());
        ImGui::TextColored(theme::kText, "%zu. %s", i + 1, a.kind.c_str());
        ImGui::PopFont();
        ImGui::SameLine();
        widgets::badge(theme::label(a.risk), theme::colour(a.risk));
        ImGui::PushFont(theme::font_large());
        ImGui::Indent(18);
        for (const auto& kv : a.params) {
            ImGui::TextDisabled("%s", kv.key.c_str());
            ImGui::SameLine(160);
            ImGui::TextUnformatted(kv.value.c_str());
        }
        ImGui::PopFont();
        for (const auto& e : a.expected) {
            ImGui::TextColored(theme::kAccent, "%s", theme::sym_arrow());
            ImGui::SameLine();
            ImGui::TextUnformatted(e.c_str());
        }
        if (!a.reversibility.empty()) ImGui::TextDisabled("%s", a.reversibility.c_str());
        ImGui::Unindent(18);
        ImGui::PopID();
    }
    if (!p.runbook.empty()) {
        ImGui::PushFont(theme::font_large());
        ImGui::Text("run runbook %s", p.runbook.c_str());
        for (const auto& kv : p.runbook_params) ImGui::BulletText("%s = %s", kv.key.c_str(), kv.value.c_str());
        ImGui::PopFont();
    }
}

void ProposalPanel::draw_risk_and_checks(const ProposalView& p) {
    widgets::section("RISK AND CHECKS (engine)");
    ImGui::TextDisabled("risk");
    ImGui::SameLine(90);
    widgets::badge(theme::label(p.risk), theme::colour(p.risk));
    ImGui::SameLine();
    ImGui::TextDisabled("reversibility");
    ImGui::SameLine();
    ImGui::TextUnformatted(p.reversibility.empty() ? "-" : p.reversibility.c_str());
    if (theme::is_refused(p.outcome)) {
        std::string why = std::string("Cannot be approved (") + theme::label(p.outcome) + "):";
        for (const auto& r : p.rejection_reasons) why += "\n  - " + r;
        widgets::callout(theme::kBad, why);
    }
    for (const auto& c : p.checks) {
        ImGui::TextColored(c.ok ? theme::kGood : theme::kBad, "%s", c.ok ? theme::sym_ok() : theme::sym_fail());
        ImGui::SameLine();
        ImGui::TextUnformatted(c.name.c_str());
        if (!c.detail.empty()) {
            ImGui::SameLine();
            ImGui::TextDisabled("%s", c.detail.c_str());
        }
    }
    if (p.checks.empty()) ImGui::TextDisabled("no validation checks reported");
    if (ImGui::CollapsingHeader("Dry-run preview", ImGuiTreeNodeFlags_DefaultOpen)) {
        if (p.dry_run.empty()) ImGui::TextDisabled("no PD requests would be made");
        ImGui::PushFont(theme::font_mono());
        for (const auto& line : p.dry_run) widgets::plain_text(line);
        ImGui::PopFont();
    }
}

void ProposalPanel::draw_reasoning(const ProposalView& p) {
    widgets::section("DIAGNOSIS (advisor)");
    widgets::plain_text(p.diagnosis.empty() ? "-" : p.diagnosis);
    widgets::section("EVIDENCE");
    if (p.evidence.empty()) ImGui::TextDisabled("none given");
    for (const auto& ev : p.evidence) {
        ImGui::Bullet();
        widgets::plain_text(ev.text);
        widgets::hover_tip(ev.observation);
        if (!ev.observation.empty()) {
            ImGui::Indent();
            ImGui::PushFont(theme::font_mono());
            ImGui::TextDisabled("%s", ev.observation.c_str());
            ImGui::PopFont();
            ImGui::Unindent();
        }
    }
    widgets::section("ALTERNATIVES CONSIDERED");
    if (p.alternatives.empty()) ImGui::TextDisabled("none given");
    for (const auto& alt : p.alternatives) {
        ImGui::Bullet();
        widgets::plain_text(alt.option);
        ImGui::Indent();
        ImGui::PushStyleColor(ImGuiCol_Text, theme::kMuted);
        widgets::plain_text("why not: " + alt.why_not);
        ImGui::PopStyleColor();
        ImGui::Unindent();
    }
    widgets::section("CONFIDENCE");
    char conf[16];
    std::snprintf(conf, sizeof conf, "%.0f%%", std::clamp(p.confidence, 0.0, 1.0) * 100);
    ImGui::ProgressBar(static_cast<float>(std::clamp(p.confidence, 0.0, 1.0)), ImVec2(200, 0), conf);
    widgets::section("VERIFICATION");
    widgets::plain_text(p.verification.empty() ? "-" : p.verification);
    widgets::section("ROLLBACK");
    widgets::plain_text(p.rollback.empty() ? "-" : p.rollback);
}

void ProposalPanel::draw_decision(const ProposalView& p, CommandSink& sink) {
    ImGui::TextDisabled("bound to plan %s, %zu facts", p.binding.substr(0, 12).c_str(), p.facts.size());
    std::string facts;
    for (const auto& f : p.facts) facts += f.key + " = " + f.value + "\n";
    widgets::hover_tip(facts);
    if (guard_.needs_ack()) {
        widgets::callout(theme::kWarn, guard_.reason());
        if (ImGui::Button("I have reviewed the change")) guard_.acknowledge();
        mark("ack");
    }
    if (!theme::is_open(p.outcome)) {
        std::string what = std::string("Decided: ") + theme::label(p.outcome);
        if (!p.decided_by.empty()) what += " by " + p.decided_by;
        if (!p.decision_note.empty()) what += " - " + p.decision_note;
        ImGui::TextColored(theme::colour(p.outcome), "%s", what.c_str());
        if (theme::is_refused(p.outcome)) {
            ImGui::BeginDisabled();
            ImGui::Button("Approve (refused by the engine)");
            ImGui::EndDisabled();
        }
        return;
    }
    draw_approve_row(p, sink);
    draw_reject_row(p, sink);
}

void ProposalPanel::draw_approve_row(const ProposalView& p, CommandSink& sink) {
    bool waiting = sent_for_ == p.id && ImGui::GetTime() - sent_at_ < kResendAfterS;
    bool typed_ok = true;
    if (needs_typed_confirmation(p)) {
        std::string token = confirm_token(p);
        ImGui::TextColored(theme::colour(p.risk), "%s risk: type %s to confirm", theme::label(p.risk), token.c_str());
        ImGui::SameLine();
        ImGui::SetNextItemWidth(90);
        ImGui::InputText("##confirm", &typed_, ImGuiInputTextFlags_CharsDecimal);
        mark("confirm_input");
        typed_ok = typed_ == token;
    }
    // The engine refuses approvals while the kill switch is engaged; say so here.
    if (kill_engaged_) ImGui::TextColored(theme::kBad, "Kill switch engaged: approvals are refused until it is released.");
    bool can = typed_ok && !kill_engaged_ && !guard_.needs_ack() && !waiting && guard_.shown_binding() == p.binding;
    ImGui::BeginDisabled(!can);
    push_button_colour(theme::kGood);
    bool approve = ImGui::Button("Approve###approve", ImVec2(150, ImGui::GetFrameHeight() * 1.4f));
    ImGui::PopStyleColor(3);
    ImGui::EndDisabled();
    if (can) mark("approve");
    ImGui::SameLine();
    ImGui::BeginDisabled(waiting);
    push_button_colour(theme::kBad);
    if (ImGui::Button("Reject...###reject", ImVec2(110, ImGui::GetFrameHeight() * 1.4f))) rejecting_ = !rejecting_;
    ImGui::PopStyleColor(3);
    ImGui::EndDisabled();
    if (!waiting) mark("reject");
    if (waiting) {
        ImGui::SameLine();
        ImGui::TextDisabled("sent; waiting for the engine...");
    }
    if (approve && can) {
        sink.push(ApproveProposal{p.id, p.binding, typed_});
        sent_for_ = p.id;
        sent_at_ = ImGui::GetTime();
        clear_inputs();
    }
}

void ProposalPanel::draw_reject_row(const ProposalView& p, CommandSink& sink) {
    if (!rejecting_) return;
    ImGui::SetNextItemWidth(-130);
    ImGui::InputTextWithHint("##reason", "reason (required)", &reject_reason_);
    mark("reject_reason");
    ImGui::SameLine();
    bool has_reason = reject_reason_.find_first_not_of(" \t") != std::string::npos;
    ImGui::BeginDisabled(!has_reason);
    bool confirm = ImGui::Button("Confirm reject###reject_confirm");
    ImGui::EndDisabled();
    if (has_reason) mark("reject_confirm");
    if (confirm && has_reason) {
        sink.push(RejectProposal{p.id, p.binding, reject_reason_});
        sent_for_ = p.id;
        sent_at_ = ImGui::GetTime();
        clear_inputs();
    }
}

}  // namespace medic::gui
