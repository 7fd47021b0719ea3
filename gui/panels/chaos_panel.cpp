// gui/panels/chaos_panel.cpp: demo mode only. Buttons that inject and clear
// pdsim chaos faults (cluster/ chaos API); hidden against a real PD.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

#include "../theme.hpp"
#include "../widgets/widgets.hpp"
#include "panels.hpp"

namespace medic::gui {

ChaosPanel::ChaosPanel() : Panel("Chaos (demo)", "chaos") {}

void ChaosPanel::draw_content(const UiSnapshot& snap, CommandSink& sink) {
    if (!snap.chaos.available) {
        widgets::empty_state("Chaos is only available against pdsim (demo mode).");
        return;
    }
    ImGui::TextColored(theme::kWarn, "Demo mode: these buttons break the simulated cluster on purpose.");
    draw_store_faults(snap, sink);
    draw_cluster_faults(snap, sink);
    widgets::section("ACTIVE FAULTS");
    if (snap.chaos.active.empty()) ImGui::TextDisabled("none");
    for (const auto& f : snap.chaos.active) ImGui::BulletText("%s", f.c_str());
    if (!snap.chaos.last_result.empty()) ImGui::TextDisabled("last: %s", snap.chaos.last_result.c_str());
}

void ChaosPanel::draw_store_faults(const UiSnapshot& snap, CommandSink& sink) {
    widgets::section("STORE");
    if (snap.stores.empty()) {
        ImGui::TextDisabled("no stores");
        return;
    }
    bool found = false;
    for (const auto& s : snap.stores) found |= s.id == store_;
    if (!found) store_ = snap.stores.front().id;
    ImGui::SetNextItemWidth(120);
    std::string preview = "store " + std::to_string(store_);
    if (ImGui::BeginCombo("##store", preview.c_str())) {
        for (const auto& s : snap.stores) {
            std::string item = "store " + std::to_string(s.id) + "  (" + s.state_name + ")";
            if (ImGui::Selectable(item.c_str(), s.id == store_)) store_ = s.id;
        }
        ImGui::EndCombo();
    }
    mark("chaos_store");
    std::string base = "/chaos/store/" + std::to_string(store_);
    ImGui::SameLine();
    if (ImGui::Button("Kill")) sink.push(ChaosRequest{"POST", base + "/kill", "{}"});
    mark("chaos_kill");
    ImGui::SameLine();
    if (ImGui::Button("Restart")) sink.push(ChaosRequest{"POST", base + "/restart", "{}"});
    mark("chaos_restart");
    ImGui::SameLine();
    if (ImGui::Button("Partition")) sink.push(ChaosRequest{"POST", base + "/partition", "{}"});
    ImGui::SetNextItemWidth(120);
    ImGui::SliderFloat("##slow", &slow_s_, 1, 120, "delay %.0f s");
    ImGui::SameLine();
    if (ImGui::Button("Slow heartbeats")) {
        char body[64];
        std::snprintf(body, sizeof body, "{\"heartbeat_delay_s\":%.0f}", static_cast<double>(slow_s_));
        sink.push(ChaosRequest{"POST", base + "/slow", body});
    }
    ImGui::SameLine();
    ImGui::SetNextItemWidth(120);
    ImGui::SliderFloat("##fill", &fill_ratio_, 0.5f, 0.999f, "used %.2f");
    ImGui::SameLine();
    if (ImGui::Button("Fill disk")) {
        char body[64];
        std::snprintf(body, sizeof body, "{\"used_ratio\":%.3f}", static_cast<double>(fill_ratio_));
        sink.push(ChaosRequest{"POST", base + "/disk-fill", body});
    }
}

void ChaosPanel::draw_cluster_faults(const UiSnapshot& snap, CommandSink& sink) {
    widgets::section("CLUSTER");
    const HeatGrid& g = snap.heat;
    if (g.buckets > 0) {
        hot_bucket_ = std::clamp(hot_bucket_, 0, g.buckets - 1);
        ImGui::SetNextItemWidth(160);
        ImGui::SliderInt("##bucket", &hot_bucket_, 0, g.buckets - 1, "key range %d");
        ImGui::SameLine();
        ImGui::Checkbox("write", &hot_write_);
        ImGui::SameLine();
        if (ImGui::Button("Make range hot")) {
            auto b = static_cast<std::size_t>(hot_bucket_);
            std::string end = b + 1 < g.bucket_start_keys.size() ? g.bucket_start_keys[b + 1] : g.end_key;
            std::string body = "{\"start_key\":\"" + g.bucket_start_keys[b] + "\",\"end_key\":\"" + end +
                               "\",\"kind\":\"" + (hot_write_ ? "write" : "read") + "\",\"bytes_per_s\":67108864}";
            sink.push(ChaosRequest{"POST", "/chaos/hot", body});
        }
    }
    ImGui::SetNextItemWidth(120);
    ImGui::SliderInt("##lat", &latency_ms_, 0, 5000, "PD latency %d ms");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(120);
    ImGui::SliderFloat("##err", &error_rate_, 0, 1, "errors %.2f");
    ImGui::SameLine();
    if (ImGui::Button("Degrade PD")) {
        char body[96];
        std::snprintf(body, sizeof body, "{\"latency_ms\":%d,\"error_rate\":%.2f}", latency_ms_,
                      static_cast<double>(error_rate_));
        sink.push(ChaosRequest{"POST", "/chaos/pd", body});
    }
    ImGui::Spacing();
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.15f, 0.35f, 0.20f, 1));
    if (ImGui::Button("Clear all faults")) sink.push(ChaosRequest{"DELETE", "/chaos", ""});
    ImGui::PopStyleColor();
    mark("chaos_clear");
}

}  // namespace medic::gui
