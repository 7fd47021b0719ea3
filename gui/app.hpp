// gui/app.hpp: the window's content: the panel registry, visibility flags,
// the fixed layout, the menu bar generated from the registry, and the one
// dispatch block that draws each visible panel. App draws into whatever
// ImGui context is current, with or without a real window, so the smoke
// test and the frame benchmark use exactly this code.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "commands.hpp"
#include "panels/panels.hpp"
#include "ui_map.hpp"
#include "ui_snapshot.hpp"

namespace medic::gui {

struct AppOptions {
    bool fixed_layout = true;   // `--layout fixed`: windows pinned in place every frame
    std::string ui_map_path;    // `--ui-map PATH`: write button rectangles there
};

class App {
public:
    explicit App(AppOptions options);

    /// Draws one frame's panels. Call between ImGui::NewFrame() and ImGui::Render().
    void draw_frame(const UiSnapshot& snap, CommandSink& sink);

    /// Where the window's client area starts on the screen (for the ui map).
    void set_screen_origin(float x, float y) { origin_x_ = x; origin_y_ = y; }

    /// The panels that share the lower-left slot; one is shown at a time there.
    enum class Dock { Incidents, Runbooks, Audit, Autonomy, Chaos, Count };
    void show_dock(Dock d) { dock_ = d; }
    const UiMap& ui_map() const { return map_; }

private:
    struct Visibility {
        bool cluster = true;
        bool proposal = true;
        bool incidents = true;
        bool runbooks = true;
        bool audit = true;
        bool autonomy = true;
        bool chaos = true;
    };
    void draw_menu_bar(const UiSnapshot& snap);
    void layout(float menu_h);
    bool* dock_flag(Dock d);
    Panel& dock_panel(Dock d);

    AppOptions options_;
    UiMap map_;
    float origin_x_ = 0, origin_y_ = 0;
    Visibility show_;
    Dock dock_ = Dock::Incidents;
    KillSwitchPanel status_;
    ClusterPanel cluster_;
    ProposalPanel proposal_;
    IncidentsPanel incidents_;
    RunbooksPanel runbooks_;
    AuditPanel audit_;
    AutonomyPanel autonomy_;
    ChaosPanel chaos_;
};

}  // namespace medic::gui
