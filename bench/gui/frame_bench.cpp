// bench/gui/frame_bench.cpp: CPU time to build one GUI frame (NewFrame, every
// visible panel, Render) with 1,000 stores and 1,000,000 regions, in a
// headless ImGui context against a fixture snapshot. Also times the
// off-thread aggregation of the regions into the heat grid, which the
// bridge does once per snapshot rather than per frame.
//
//   frame_bench [stores] [regions] [frames]
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <vector>

#include "gui/app.hpp"
#include "gui/fixtures/fixture_snapshot.hpp"
#include "gui/theme.hpp"

using namespace medic::gui;

namespace {

double thread_cpu_ms() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

struct Stats {
    double mean, p50, p99, max;
};

Stats stats(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    double sum = 0;
    for (double x : v) sum += x;
    auto at = [&v](double q) { return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))]; };
    return {sum / static_cast<double>(v.size()), at(0.5), at(0.99), v.back()};
}

Stats run_frames(App& app, const UiSnapshot& snap, CommandQueue& q, int frames, int& vertices) {
    std::vector<double> t;
    for (int i = 0; i < frames + 10; ++i) {
        double t0 = thread_cpu_ms();
        ImGui::NewFrame();
        app.draw_frame(snap, q);
        ImGui::Render();
        double dt = thread_cpu_ms() - t0;
        if (i >= 10) t.push_back(dt);  // the first frames measure table/font set-up
        q.drain();
        vertices = ImGui::GetDrawData()->TotalVtxCount;
    }
    return stats(t);
}

}  // namespace

int main(int argc, char** argv) {
    std::size_t stores = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 1000;
    std::size_t regions = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 1000000;
    int frames = argc > 3 ? std::atoi(argv[3]) : 300;
    if (stores == 0 || frames <= 0) {
        std::fprintf(stderr, "usage: frame_bench [stores>0] [regions] [frames>0]\n");
        return 2;
    }
    double t0 = thread_cpu_ms();
    UiSnapshot snap = fixtures::large_cluster(stores, regions, 64);
    double build_ms = thread_cpu_ms() - t0;

    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(1280, 800);
    io.DeltaTime = 1.0f / 60.0f;
    theme::apply_style();
    theme::load_fonts(15);
    unsigned char* px = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&px, &w, &h);
    io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(1)));

    std::printf("gui frame benchmark: %zu stores, %zu regions, heat grid %d buckets, 1280x800, %d frames\n", stores,
                regions, snap.heat.buckets, frames);
    std::printf("fixture snapshot build incl. heat-grid aggregation (bridge thread, once per snapshot): %.1f ms\n",
                build_ms);
    const char* docks[] = {"incidents", "runbooks", "audit", "autonomy", "chaos"};
    CommandQueue q;
    double worst = 0;
    for (int d = 0; d < static_cast<int>(App::Dock::Count); ++d) {
        App app(AppOptions{});
        app.show_dock(static_cast<App::Dock>(d));
        int vertices = 0;
        Stats s = run_frames(app, snap, q, frames, vertices);
        worst = std::max(worst, s.p99);
        std::printf("frame CPU ms  [cluster+proposal+%-9s]  mean %.3f  p50 %.3f  p99 %.3f  max %.3f  (%d vertices)\n",
                    docks[d], s.mean, s.p50, s.p99, s.max, vertices);
    }
    std::printf("worst p99 %.3f ms (goal <= 4 ms): %s\n", worst, worst <= 4.0 ? "met" : "NOT met");
    ImGui::DestroyContext();
    return 0;
}
