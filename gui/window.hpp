// gui/window.hpp: the real window: GLFW + OpenGL 3 + Dear ImGui's backends.
// It draws the latest published UiSnapshot every frame and hands commands to
// the sink; it never waits for the engine. Everything above it (App, panels)
// also runs headless.
#pragma once

#include <atomic>
#include <string>

#include "app.hpp"
#include "commands.hpp"
#include "snapshot_source.hpp"

namespace medic::gui {

struct WindowOptions {
    int width = 1280;
    int height = 800;
    std::string title = "medic";
    float font_size = 15;
};

/// Opens the window and runs until it is closed or `stop` becomes true.
/// @return 0 on a normal close, 1 when no window could be opened (the reason
///         is written to stderr: no display, no OpenGL 3).
int run_window(App& app, const SnapshotSource& source, CommandSink& sink, const WindowOptions& options,
               const std::atomic<bool>& stop);

}  // namespace medic::gui
