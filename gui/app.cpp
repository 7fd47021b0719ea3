// gui/app.cpp: layout, menu and the panel dispatch block.
#include "app.hpp"

#include <algorithm>
#include <cmath>

#include "theme.hpp"

namespace medic::gui {
namespace {

constexpr const char* kDockNames[] = {"Incidents", "Runbooks", "Audit", "Autonomy", "Chaos"};
static_assert(std::size(kDockNames) == static_cast<std::size_t>(App::Dock::Count));
constexpr float kStatusHeight = 58;

}  // namespace

App::App(AppOptions options) : options_(std::move(options)), map_(options_.ui_map_path) {
    Panel* all[] = {&status_, &cluster_, &proposal_, &incidents_, &runbooks_, &audit_, &autonomy_, &chaos_};
    for (Panel* p : all) p->set_ui_map(&map_);
}

bool* App::dock_flag(Dock d) {
    switch (d) {
        case Dock::Incidents: return &show_.incidents;
        case Dock::Runbooks: return &show_.runbooks;
        case Dock::Audit: return &show_.audit;
        case Dock::Autonomy: return &show_.autonomy;
        default: return &show_.chaos;
    }
}

Panel& App::dock_panel(Dock d) {
    switch (d) {
        case Dock::Incidents: return incidents_;
        case Dock::Runbooks: return runbooks_;
        case Dock::Audit: return audit_;
        case Dock::Autonomy: return autonomy_;
        default: return chaos_;
    }
}

void App::layout(float menu_h) {
    ImVec2 disp = ImGui::GetIO().DisplaySize;
    float w = std::max(disp.x, 640.0f), h = std::max(disp.y, 480.0f);
    bool force = options_.fixed_layout;
    float top = menu_h + kStatusHeight;
    float left_w = std::floor(w * 0.60f);
    float body_h = h - top;
    float cluster_h = std::floor(body_h * 0.56f);
    status_.place(ImVec2(0, menu_h), ImVec2(w, kStatusHeight), true);
    cluster_.place(ImVec2(0, top), ImVec2(left_w, cluster_h), force);
    proposal_.place(ImVec2(left_w, top), ImVec2(w - left_w, body_h), force);
    for (int d = 0; d < static_cast<int>(Dock::Count); ++d)
        dock_panel(static_cast<Dock>(d)).place(ImVec2(0, top + cluster_h), ImVec2(left_w, body_h - cluster_h), force);
}

void App::draw_menu_bar(const UiSnapshot& snap) {
    if (!ImGui::BeginMainMenuBar()) return;
    if (ImGui::BeginMenu("View")) {
        ImGui::MenuItem("Cluster", nullptr, &show_.cluster);
        ImGui::MenuItem("Proposal", nullptr, &show_.proposal);
        for (int d = 0; d < static_cast<int>(Dock::Count); ++d) ImGui::MenuItem(kDockNames[d], nullptr, dock_flag(static_cast<Dock>(d)));
        ImGui::Separator();
        ImGui::MenuItem("Fixed layout", nullptr, &options_.fixed_layout);
        ImGui::EndMenu();
    }
    ImGui::Separator();
    // The lower-left slot shows one panel at a time; these act as its tabs.
    for (int d = 0; d < static_cast<int>(Dock::Count); ++d) {
        auto dock = static_cast<Dock>(d);
        std::string label = kDockNames[d];
        if (dock == Dock::Incidents) {
            std::size_t open = 0;
            for (const auto& i : snap.incidents) open += i.open;
            if (open) label += " (" + std::to_string(open) + ")";
        }
        label += std::string("###tab_") + kDockNames[d];
        if (ImGui::MenuItem(label.c_str(), nullptr, dock_ == dock)) {
            dock_ = dock;
            *dock_flag(dock) = true;
        }
        std::string key = std::string("tab_") + kDockNames[d];
        ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
        map_.record(key, UiRect{a.x, a.y, b.x - a.x, b.y - a.y});
    }
    ImGui::EndMainMenuBar();
}

void App::draw_frame(const UiSnapshot& snap, CommandSink& sink) {
    map_.begin_frame();
    draw_menu_bar(snap);
    layout(ImGui::GetFrameHeight());
    status_.draw(snap, sink, nullptr);  // always visible: it holds the kill switch
    if (show_.cluster) cluster_.draw(snap, sink, &show_.cluster);
    if (show_.proposal) proposal_.draw(snap, sink, &show_.proposal);
    for (int d = 0; d < static_cast<int>(Dock::Count); ++d) {
        auto dock = static_cast<Dock>(d);
        // In the fixed layout the slot shows only the selected panel.
        if (options_.fixed_layout && dock != dock_) continue;
        if (*dock_flag(dock)) dock_panel(dock).draw(snap, sink, dock_flag(dock));
    }
    map_.end_frame(origin_x_, origin_y_);
}

}  // namespace medic::gui
