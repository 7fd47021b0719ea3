// gui/panel.hpp: the base of every panel. draw() is not virtual: it owns
// Begin/End, the early exit when collapsed, the window flags, the open flag
// and the placement, so no subclass can unbalance the window stack
// (ImHex's drawContent rule). Subclasses implement draw_content() only, read
// the UiSnapshot and emit commands; they never call the engine.
#pragma once

#include <imgui.h>

#include <string>

#include "commands.hpp"
#include "ui_map.hpp"
#include "ui_snapshot.hpp"

namespace medic::gui {

class Panel {
public:
    /// @param title shown in the title bar and the View menu
    /// @param id    stable ImGui id; the window label is "title###id"
    Panel(std::string title, std::string id, ImGuiWindowFlags flags = 0);
    virtual ~Panel() = default;
    Panel(const Panel&) = delete;
    Panel& operator=(const Panel&) = delete;

    /// Draws the window. Do not override: override draw_content().
    /// @param open the App's visibility flag (the close button clears it), or null
    void draw(const UiSnapshot& snap, CommandSink& sink, bool* open);

    /// Places the window; `force` pins it there every frame (fixed layout).
    void place(ImVec2 pos, ImVec2 size, bool force);

    const std::string& title() const { return title_; }
    const std::string& id() const { return id_; }
    void set_ui_map(UiMap* map) { ui_map_ = map; }

protected:
    virtual void draw_content(const UiSnapshot& snap, CommandSink& sink) = 0;
    /// Records the last item's rectangle in the ui map under `name`.
    void mark(const char* name);
    void mark_value(const char* name, std::int64_t v);

private:
    std::string title_;
    std::string id_;
    std::string label_;
    ImGuiWindowFlags flags_;
    ImVec2 pos_{0, 0}, size_{0, 0};
    bool placed_ = false;
    bool force_ = false;
    UiMap* ui_map_ = nullptr;
};

}  // namespace medic::gui
