// gui/panels/kill_switch_panel.cpp: the always-visible strip under the menu
// bar: PD connection, cluster counts, mode and autonomy, the latest notice,
// and the kill switch. Engaging takes one click; resuming takes a
// confirmation with a reason. The state shown is what the engine persisted,
// so it survives restarts.
#include <imgui.h>
#include <imgui_stdlib.h>

#include "../theme.hpp"
#include "../widgets/widgets.hpp"
#include "panels.hpp"

namespace medic::gui {

KillSwitchPanel::KillSwitchPanel()
    : Panel("Status", "status",
            ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse) {}

void KillSwitchPanel::draw_content(const UiSnapshot& snap, CommandSink& sink) {
    if (pending_ && ((snap.kill.known && snap.kill.engaged == pending_target_) || ImGui::GetTime() - pending_at_ > 5.0))
        pending_ = false;
    draw_summary(snap);
    draw_switch(snap, sink);
    draw_resume_popup(sink);
}

void KillSwitchPanel::draw_summary(const UiSnapshot& snap) {
    const ConnectionView& c = snap.connection;
    ImGui::BeginGroup();
    ImGui::PushFont(theme::font_large());
    ImGui::TextColored(theme::kAccent, "medic");
    ImGui::PopFont();
    ImGui::SameLine();
    ImVec4 pd_col = c.connected ? theme::kGood : theme::kBad;
    std::string pd = "PD " + (c.pd_url.empty() ? std::string("(none)") : c.pd_url);
    widgets::dot_text(pd_col, pd.c_str());
    widgets::hover_tip(c.connected ? "last poll " + widgets::format_age(c.last_poll_age_s) + " ago, " +
                                         std::to_string(static_cast<int>(c.poll_ms)) + " ms"
                                   : "not connected: " + c.error);
    ImGui::SameLine(0, 16);
    widgets::dot_text(c.db_ok ? theme::kGood : theme::kBad, c.db_ok ? "audit DB" : "audit DB unavailable");
    widgets::hover_tip(c.db_ok ? c.db_path : c.db_error);
    ImGui::SameLine(0, 16);
    std::size_t down = 0, open = 0;
    for (const auto& s : snap.stores) down += s.state != StoreState::Up && s.state != StoreState::Tombstone;
    for (const auto& i : snap.incidents) open += i.open;
    ImGui::TextColored(down ? theme::kWarn : theme::kText, "%zu stores (%zu not up)", snap.stores.size(), down);
    ImGui::SameLine(0, 16);
    ImGui::TextColored(open ? theme::kBad : theme::kText, "%zu open incidents", open);
    ImGui::SameLine(0, 16);
    widgets::badge(theme::label(snap.autonomy.mode), theme::colour(snap.autonomy.mode));
    ImGui::SameLine();
    ImGui::TextDisabled("autonomy %s", snap.autonomy.known ? snap.autonomy.level.c_str() : "?");
    if (!snap.notices.empty() && snap.notices.front().age_s < 15) {
        const NoticeView& n = snap.notices.front();
        ImGui::TextColored(theme::colour(n.severity), "%s", n.text.c_str());
    } else if (!c.connected && !c.error.empty()) {
        ImGui::TextColored(theme::kBad, "PD: %s", c.error.c_str());
    } else {
        ImGui::TextDisabled("data as of %s UTC", snap.taken_at.empty() ? "-" : snap.taken_at.c_str());
    }
    ImGui::EndGroup();
}

void KillSwitchPanel::draw_switch(const UiSnapshot& snap, CommandSink& sink) {
    const KillSwitchView& k = snap.kill;
    float w = 250, h = ImGui::GetContentRegionAvail().y;
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - w);
    if (!k.known) {
        ImGui::BeginDisabled();
        ImGui::Button("KILL SWITCH: state unknown###kill", ImVec2(w, h));
        ImGui::EndDisabled();
        widgets::hover_tip("The kill switch state could not be read from the audit database.");
        return;
    }
    if (k.engaged) {
        ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.60f, 0.10f, 0.10f, 1));
        ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(0.70f, 0.16f, 0.16f, 1));
        ImGui::PushStyleColor(ImGuiCol_ButtonActive, ImVec4(0.80f, 0.20f, 0.20f, 1));
        bool resume = ImGui::Button("STOPPED: kill switch engaged\nclick to resume...###kill", ImVec2(w, h));
        ImGui::PopStyleColor(3);
        mark("kill_resume");
        widgets::hover_tip("Engaged by " + k.by + " " + widgets::format_age(k.since_age_s) + " ago: " + k.reason);
        if (resume) ImGui::OpenPopup("Resume actions?");
        return;
    }
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.35f, 0.08f, 0.08f, 1));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(0.62f, 0.12f, 0.12f, 1));
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, ImVec4(0.85f, 0.18f, 0.18f, 1));
    ImGui::BeginDisabled(pending_);
    bool stop = ImGui::Button(pending_ ? "STOPPING...###kill" : "KILL SWITCH\nstop all actions###kill", ImVec2(w, h));
    ImGui::EndDisabled();
    ImGui::PopStyleColor(3);
    if (!pending_) mark("kill_switch");
    if (stop) {
        sink.push(SetKillSwitch{true, "kill switch pressed in the GUI"});
        pending_ = true;
        pending_target_ = true;
        pending_at_ = ImGui::GetTime();
    }
}

void KillSwitchPanel::draw_resume_popup(CommandSink& sink) {
    if (!ImGui::BeginPopupModal("Resume actions?", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
    ImGui::TextUnformatted("Releasing the kill switch lets queued and new actions run again.");
    ImGui::SetNextItemWidth(360);
    ImGui::InputTextWithHint("##why", "reason (required)", &resume_reason_);
    mark("kill_resume_reason");
    bool ok = resume_reason_.find_first_not_of(" \t") != std::string::npos;
    ImGui::BeginDisabled(!ok);
    if (ImGui::Button("Resume")) {
        sink.push(SetKillSwitch{false, resume_reason_});
        pending_ = true;
        pending_target_ = false;
        pending_at_ = ImGui::GetTime();
        resume_reason_.clear();
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndDisabled();
    if (ok) mark("kill_resume_confirm");
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

}  // namespace medic::gui
