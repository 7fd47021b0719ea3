// gui/panel.cpp: Begin/End ownership for every panel.
#include "panel.hpp"

namespace medic::gui {

Panel::Panel(std::string title, std::string id, ImGuiWindowFlags flags)
    : title_(std::move(title)), id_(std::move(id)), label_(title_ + "###" + id_), flags_(flags) {}

void Panel::place(ImVec2 pos, ImVec2 size, bool force) {
    pos_ = pos;
    size_ = size;
    placed_ = true;
    force_ = force;
}

void Panel::draw(const UiSnapshot& snap, CommandSink& sink, bool* open) {
    if (open && !*open) return;
    ImGuiWindowFlags flags = flags_;
    if (placed_) {
        ImGuiCond cond = force_ ? ImGuiCond_Always : ImGuiCond_FirstUseEver;
        ImGui::SetNextWindowPos(pos_, cond);
        ImGui::SetNextWindowSize(size_, cond);
        if (force_) flags |= ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse;
    }
    // Begin() returning false (collapsed or clipped) still needs its End().
    if (ImGui::Begin(label_.c_str(), open, flags)) {
        ImGui::PushID(id_.c_str());
        draw_content(snap, sink);
        ImGui::PopID();
    }
    ImGui::End();
}

void Panel::mark(const char* name) {
    if (!ui_map_ || !ImGui::IsItemVisible()) return;
    ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    ui_map_->record(name, UiRect{a.x, a.y, b.x - a.x, b.y - a.y});
}

void Panel::mark_value(const char* name, std::int64_t v) {
    if (ui_map_) ui_map_->set_value(name, v);
}

}  // namespace medic::gui
