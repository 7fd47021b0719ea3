// gui/panels/autonomy_panel.cpp: the autonomy level and the observe-only /
// dry-run / live mode. Changing either needs a confirmation with a reason;
// the engine applies and audits it.
#include <imgui.h>
#include <imgui_stdlib.h>

#include "../theme.hpp"
#include "../widgets/widgets.hpp"
#include "panels.hpp"

namespace medic::gui {

AutonomyPanel::AutonomyPanel() : Panel("Autonomy", "autonomy") {}

void AutonomyPanel::draw_content(const UiSnapshot& snap, CommandSink& sink) {
    const AutonomyView& a = snap.autonomy;
    if (!a.known) {
        widgets::empty_state("Autonomy settings not loaded (audit database unavailable).");
        return;
    }
    ImGui::TextDisabled("current");
    ImGui::SameLine(90);
    widgets::badge(theme::label(a.mode), theme::colour(a.mode));
    ImGui::SameLine();
    ImGui::Text("level %s", a.level.c_str());
    if (!a.changed_by.empty()) {
        ImGui::SameLine();
        ImGui::TextDisabled("set by %s %s ago", a.changed_by.c_str(), widgets::format_age(a.changed_age_s).c_str());
    }
    widgets::section("MODE");
    if (mode_choice_ < 0) mode_choice_ = static_cast<int>(a.mode);
    const char* mode_docs[] = {"watch and propose; never execute anything",
                               "plan and show every PD request; send none",
                               "execute through the safety gate"};
    static_assert(std::size(mode_docs) == static_cast<std::size_t>(Mode::Count));
    for (int m = 0; m < static_cast<int>(Mode::Count); ++m) {
        ImGui::RadioButton(theme::label(static_cast<Mode>(m)), &mode_choice_, m);
        ImGui::SameLine(150);
        ImGui::TextDisabled("%s", mode_docs[m]);
    }
    widgets::section("LEVEL");
    if (a.levels.empty()) ImGui::TextDisabled("the engine reports no autonomy levels");
    if (level_choice_ < 0 || level_choice_ >= static_cast<int>(a.levels.size())) {
        level_choice_ = 0;
        for (std::size_t i = 0; i < a.levels.size(); ++i)
            if (a.levels[i] == a.level) level_choice_ = static_cast<int>(i);
    }
    for (std::size_t i = 0; i < a.levels.size(); ++i) {
        ImGui::RadioButton(a.levels[i].c_str(), &level_choice_, static_cast<int>(i));
        if (i < a.level_docs.size()) {
            ImGui::SameLine(150);
            ImGui::TextDisabled("%s", a.level_docs[i].c_str());
        }
    }
    level_name_ = a.levels.empty() ? a.level : a.levels[static_cast<std::size_t>(level_choice_)];
    bool level_changed = level_name_ != a.level;
    bool changed = level_changed || mode_choice_ != static_cast<int>(a.mode);
    ImGui::Spacing();
    ImGui::BeginDisabled(!changed);
    if (ImGui::Button("Apply...")) ImGui::OpenPopup("Change autonomy?");
    ImGui::EndDisabled();
    if (changed) {
        mark("autonomy_apply");
        ImGui::SameLine();
        if (ImGui::Button("Revert")) {
            mode_choice_ = -1;
            level_choice_ = -1;
        }
    }
    draw_confirm_popup(sink);
}

void AutonomyPanel::draw_confirm_popup(CommandSink& sink) {
    if (!ImGui::BeginPopupModal("Change autonomy?", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
    ImGui::Text("Switch to %s.", theme::label(static_cast<Mode>(mode_choice_)));
    if (mode_choice_ == static_cast<int>(Mode::Live))
        ImGui::TextColored(theme::kBad, "LIVE mode sends real requests to PD.");
    ImGui::SetNextItemWidth(360);
    ImGui::InputTextWithHint("##reason", "reason (required, audited)", &reason_);
    bool ok = reason_.find_first_not_of(" \t") != std::string::npos;
    ImGui::BeginDisabled(!ok);
    if (ImGui::Button("Confirm")) {
        // The level name comes from the snapshot the panel drew; the popup only confirms it.
        sink.push(SetAutonomy{level_name_, static_cast<Mode>(mode_choice_), reason_});
        reason_.clear();
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

}  // namespace medic::gui
