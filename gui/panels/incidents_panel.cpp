// gui/panels/incidents_panel.cpp: open and recent incidents; the selected
// one shows its evidence, each line linked to the observation behind it.
#include "../theme.hpp"
#include "../widgets/widgets.hpp"
#include "panels.hpp"

namespace medic::gui {

IncidentsPanel::IncidentsPanel() : Panel("Incidents", "incidents") {}

void IncidentsPanel::draw_content(const UiSnapshot& snap, CommandSink&) {
    std::size_t open = 0;
    for (const auto& i : snap.incidents) open += i.open;
    ImGui::Text("%zu open", open);
    ImGui::SameLine();
    ImGui::TextDisabled("/ %zu recent", snap.incidents.size());
    ImGui::SameLine(0, 20);
    ImGui::Checkbox("show resolved", &show_resolved_);
    if (snap.incidents.empty() || (!show_resolved_ && open == 0)) {
        widgets::empty_state("No incidents. Every invariant holds.");
        return;
    }
    const IncidentView* selected = nullptr;
    ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                            ImGuiTableFlags_SizingFixedFit;
    float table_h = ImGui::GetContentRegionAvail().y * 0.5f;
    if (ImGui::BeginTable("incidents", 6, flags, ImVec2(0, table_h))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("#", 0, 36);
        ImGui::TableSetupColumn("Severity", 0, 70);
        ImGui::TableSetupColumn("Kind", 0, 120);
        ImGui::TableSetupColumn("Subject", 0, 80);
        ImGui::TableSetupColumn("Summary", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("Opened", 0, 70);
        ImGui::TableHeadersRow();
        for (const auto& inc : snap.incidents) {
            if (!show_resolved_ && !inc.open) continue;
            if (inc.id == selected_) selected = &inc;
            ImGui::TableNextRow();
            ImGui::PushID(static_cast<int>(inc.id));
            ImGui::TableNextColumn();
            char id[32];
            std::snprintf(id, sizeof id, "%lld", static_cast<long long>(inc.id));
            if (ImGui::Selectable(id, inc.id == selected_, ImGuiSelectableFlags_SpanAllColumns)) selected_ = inc.id;
            ImGui::TableNextColumn();
            ImGui::TextColored(inc.open ? theme::colour(inc.severity) : theme::kMuted, "%s",
                               inc.open ? theme::label(inc.severity) : "resolved");
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(inc.kind.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(inc.subject.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(inc.summary.c_str());
            ImGui::TableNextColumn();
            ImGui::TextDisabled("%s ago", widgets::format_age(inc.opened_age_s).c_str());
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    if (!selected && !snap.incidents.empty()) selected = &snap.incidents.front();
    if (selected) draw_details(*selected);
}

void IncidentsPanel::draw_details(const IncidentView& inc) {
    ImGui::BeginChild("incident_details", ImVec2(0, 0), false);
    ImGui::Text("Incident #%lld", static_cast<long long>(inc.id));
    ImGui::SameLine();
    widgets::badge(inc.open ? theme::label(inc.severity) : "resolved", inc.open ? theme::colour(inc.severity) : theme::kMuted);
    ImGui::SameLine();
    ImGui::TextDisabled("%s  %s  last seen %s ago", inc.kind.c_str(), inc.subject.c_str(),
                        widgets::format_age(inc.last_seen_age_s).c_str());
    if (inc.proposal_id) {
        ImGui::SameLine();
        ImGui::TextColored(theme::kAccent, "proposal #%lld", static_cast<long long>(inc.proposal_id));
    }
    widgets::plain_text(inc.summary);
    widgets::section("EVIDENCE");
    if (inc.evidence.empty()) widgets::empty_state("No evidence recorded.");
    for (std::size_t i = 0; i < inc.evidence.size(); ++i) {
        const auto& ev = inc.evidence[i];
        ImGui::Bullet();
        widgets::plain_text(ev.text);
        if (!ev.observation.empty()) {
            ImGui::Indent();
            ImGui::PushFont(theme::font_mono());
            ImGui::TextDisabled("%s", ev.observation.c_str());
            ImGui::PopFont();
            ImGui::Unindent();
        }
    }
    ImGui::EndChild();
}

}  // namespace medic::gui
