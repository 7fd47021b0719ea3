// tests/gui/headless.hpp: an ImGui context with no window and no backend:
// builds the font atlas, sets DisplaySize, and runs App frames against a
// snapshot. It can press the mouse on an item found in the App's ui map,
// type characters, and check that every ImGui stack is balanced.
#pragma once

#include <imgui.h>

#include <string>

#include "gui/app.hpp"
#include "gui/commands.hpp"

namespace medic::test {

class HeadlessGui {
public:
    explicit HeadlessGui(float w = 1280, float h = 800);
    ~HeadlessGui();
    HeadlessGui(const HeadlessGui&) = delete;
    HeadlessGui& operator=(const HeadlessGui&) = delete;

    /// Runs one frame of `app`. @return an empty string, or which ImGui stack
    /// was left unbalanced by the panels.
    std::string frame(gui::App& app, const gui::UiSnapshot& snap, gui::CommandSink& sink);
    /// Runs frames that press and release the left button on the ui map item `name`.
    /// @return false when the item is not in the map (hidden or disabled).
    bool click(gui::App& app, const gui::UiSnapshot& snap, gui::CommandSink& sink, const std::string& name);
    void type(const std::string& text) { ImGui::GetIO().AddInputCharactersUTF8(text.c_str()); }
    ImGuiContext* context() const { return ctx_; }

private:
    ImGuiContext* ctx_;
};

}  // namespace medic::test
