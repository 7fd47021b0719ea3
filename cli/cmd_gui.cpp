// cli/cmd_gui.cpp: `medic gui [--pd URL] [--db PATH] [--layout fixed|free]
// [--ui-map PATH] [--actor NAME] [--workflows DIR] [--scenario NAME]`: the
// desktop window over the engine. Without --pd it starts an embedded pdsim
// (demo mode: the Chaos panel works against it). The engine runs on
// EngineBridge's threads; this thread only draws.
#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "command.hpp"
#include "common_flags.hpp"
#include "embedded_pdsim.hpp"

#if defined(MEDIC_HAVE_GUI)
#include "gui/app.hpp"
#include "bindings/runner/workflows_dir.hpp"
#include "gui/engine_bridge.hpp"
#include "gui/window.hpp"
#endif

namespace {

std::atomic<bool> g_stop{false};

void on_signal(int) { g_stop = true; }

const char* kUsage =
    "usage: medic gui [--pd URL[,URL...]] [--db PATH] [--layout fixed|free] [--ui-map PATH] [--actor NAME]\n"
    "                 [--workflows DIR] [--scenario NAME]\n"
    "  --pd        PD endpoints; without it medic starts an embedded pdsim (demo mode, chaos enabled)\n"
    "  --scenario  the embedded pdsim's scenario (default balanced)\n"
    "  --workflows runbooks for the Runbooks panel (default $MEDIC_WORKFLOWS, else ../../workflows\n"
    "              next to the medic binary, else ./workflows)\n"
    "  --db      the shared medic database (default $MEDIC_DB, else ./medic.db)\n"
    "  --layout  fixed: panels pinned in place (default); free: movable windows\n"
    "  --ui-map  write the screen rectangles of key buttons to PATH as JSON (default $MEDIC_GUI_UI_MAP,\n"
    "            so a window `medic demo` starts can be driven by xdotool too)\n"
    "  --actor   the name approvals are recorded under (default gui:$USER)\n";

int run_gui(const medic::cli::Args& args) {
#if defined(MEDIC_HAVE_GUI)
    medic::gui::BridgeOptions bo;
    bo.db_path = medic::cli::default_db_path();  // $MEDIC_DB, as the CLI and the runs use
    std::string workflows, scenario = "balanced";
    medic::gui::AppOptions ao;
    if (const char* map = std::getenv("MEDIC_GUI_UI_MAP")) ao.ui_map_path = map;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        bool has_value = i + 1 < args.size();
        if (a == "--help" || a == "-h") {
            std::fputs(kUsage, stdout);
            return 0;
        }
        if (!has_value || (a != "--pd" && a != "--db" && a != "--layout" && a != "--ui-map" && a != "--actor" &&
                           a != "--workflows" && a != "--scenario")) {
            std::fprintf(stderr, "medic gui: unknown or incomplete option '%s'\n%s", a.c_str(), kUsage);
            return 2;
        }
        const std::string& v = args[++i];
        if (a == "--pd") bo.pd = v;
        else if (a == "--db") bo.db_path = v;
        else if (a == "--ui-map") ao.ui_map_path = v;
        else if (a == "--workflows") workflows = v;
        else if (a == "--scenario") scenario = v;
        else if (a == "--actor") bo.actor = v.rfind("gui:", 0) == 0 ? v : "gui:" + v;
        else if (v == "fixed" || v == "free") ao.fixed_layout = v == "fixed";
        else {
            std::fprintf(stderr, "medic gui: --layout must be fixed or free, got '%s'\n", v.c_str());
            return 2;
        }
    }
    bo.workflows_dir = medic::lua::find_workflows_dir(workflows);
    if (bo.workflows_dir.empty())
        std::fprintf(stderr, "medic gui: %s; the Runbooks panel will be empty\n",
                     workflows.empty() ? "no workflows directory found (use --workflows DIR or $MEDIC_WORKFLOWS)"
                                       : ("--workflows " + workflows + " is not a directory").c_str());
    std::unique_ptr<medic::cli::EmbeddedPdsim> sim;
    if (bo.pd.empty()) {
        std::string err;
        sim = medic::cli::EmbeddedPdsim::start({"--scenario", scenario}, &err);
        if (!sim) {
            std::fprintf(stderr, "medic gui: no --pd given and the embedded pdsim did not start: %s\n", err.c_str());
            return 1;
        }
        for (const auto& u : sim->urls()) bo.pd += (bo.pd.empty() ? "" : ",") + u;
        bo.embedded_pd = true;
        std::fprintf(stderr, "medic gui: no --pd given; started an embedded pdsim (scenario %s) at %s (demo mode)\n",
                     scenario.c_str(), bo.pd.c_str());
    }
    medic::gui::SnapshotSource source;
    medic::gui::EngineBridge bridge(bo, source);
    if (std::string err = bridge.start(); !err.empty()) {
        std::fprintf(stderr, "medic gui: %s\n", err.c_str());
        return 1;
    }
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
    medic::gui::App app(ao);
    return medic::gui::run_window(app, source, bridge.sink(), medic::gui::WindowOptions{}, g_stop);
#else
    (void)args;
    std::fprintf(stderr, "medic gui: this build has no GUI (configure with -DMEDIC_BUILD_GUI=ON)\n");
    return 1;
#endif
}

}  // namespace

MEDIC_COMMAND("gui", "desktop window: cluster, incidents, proposals, approve/reject, kill switch", run_gui);
