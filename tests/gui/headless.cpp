// tests/gui/headless.cpp: see headless.hpp.
#include "headless.hpp"

#include <imgui_internal.h>

#include "gui/theme.hpp"

namespace medic::test {

HeadlessGui::HeadlessGui(float w, float h) : ctx_(ImGui::CreateContext()) {
    ImGui::SetCurrentContext(ctx_);
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(w, h);
    io.DeltaTime = 1.0f / 60.0f;
    gui::theme::apply_style();
    gui::theme::load_fonts(15);
    unsigned char* pixels = nullptr;
    int tw = 0, th = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &tw, &th);  // builds the atlas
    io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(1)));
}

HeadlessGui::~HeadlessGui() { ImGui::DestroyContext(ctx_); }

std::string HeadlessGui::frame(gui::App& app, const gui::UiSnapshot& snap, gui::CommandSink& sink) {
    ImGui::SetCurrentContext(ctx_);
    ImGui::NewFrame();
    app.draw_frame(snap, sink);
    ImGuiContext& g = *GImGui;
    std::string bad;
    // Only the implicit "Debug" window may remain; everything pushed must be popped.
    if (g.CurrentWindowStack.Size != 1) bad += "window stack " + std::to_string(g.CurrentWindowStack.Size) + "; ";
    if (g.CurrentWindow && g.CurrentWindow->IDStack.Size != 1) bad += "id stack; ";
    if (g.ColorStack.Size) bad += "colour stack; ";
    if (g.StyleVarStack.Size) bad += "style var stack; ";
    if (g.FontStack.Size) bad += "font stack; ";
    if (g.GroupStack.Size) bad += "group stack; ";
    if (g.BeginPopupStack.Size) bad += "popup stack; ";
    ImGui::Render();
    return bad;
}

bool HeadlessGui::click(gui::App& app, const gui::UiSnapshot& snap, gui::CommandSink& sink, const std::string& name) {
    auto it = app.ui_map().items().find(name);
    if (it == app.ui_map().items().end()) return false;
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(it->second.x + it->second.w / 2, it->second.y + it->second.h / 2);
    frame(app, snap, sink);  // hover
    io.MouseDown[0] = true;
    frame(app, snap, sink);
    io.MouseDown[0] = false;
    frame(app, snap, sink);
    return true;
}

}  // namespace medic::test
