// gui/tools/preview_main.cpp: medic_gui_preview, a developer tool that opens
// the real window over a fixture snapshot (no engine, no cluster) to work on
// the look of the panels. `medic_gui_preview [small|large|empty] [dock]`.
// The title bar says PREVIEW; it never talks to PD or a database.
#include <atomic>
#include <cstdio>
#include <cstring>
#include <memory>

#include "gui/app.hpp"
#include "gui/fixtures/fixture_snapshot.hpp"
#include "gui/window.hpp"

int main(int argc, char** argv) {
    using namespace medic::gui;
    const char* which = argc > 1 ? argv[1] : "small";
    int dock = argc > 2 ? std::atoi(argv[2]) : 0;
    UiSnapshot snap = std::strcmp(which, "large") == 0   ? fixtures::large_cluster(1000, 1000000)
                      : std::strcmp(which, "empty") == 0 ? fixtures::empty_cluster()
                                                         : fixtures::small_cluster();
    SnapshotSource source;
    source.publish(std::make_shared<const UiSnapshot>(std::move(snap)));
    CommandQueue queue;
    App app(AppOptions{true, ""});
    app.show_dock(static_cast<App::Dock>(dock % static_cast<int>(App::Dock::Count)));
    std::atomic<bool> stop{false};
    WindowOptions opts;
    opts.title = "medic (PREVIEW: fixture data)";
    return run_window(app, source, queue, opts, stop);
}
