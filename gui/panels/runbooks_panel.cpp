// gui/panels/runbooks_panel.cpp: start a runbook from workflows/ with a form
// generated from its declared parameters; running and recent runs with
// progress, current step, waits, actions and live log lines; cancel a run.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <cerrno>
#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "../theme.hpp"
#include "../widgets/widgets.hpp"
#include "panels.hpp"

namespace medic::gui {
namespace {

/// Why `text` is not a valid value of `p` ("" when it is). The host checks
/// again when the run starts; this keeps a bad form from being submitted.
std::string invalid_value(const ParamView& p, const std::string& text) {
    if (text.empty()) return p.required ? "required" : "";
    if (p.type == ParamType::Boolean) return text == "true" || text == "false" ? "" : "true or false";
    if (p.type == ParamType::String || p.type == ParamType::Choice) return text.size() > 4096 ? "too long" : "";
    errno = 0;
    char* end = nullptr;
    double v = std::strtod(text.c_str(), &end);
    bool number = end == text.c_str() + text.size() && errno == 0 && std::isfinite(v) &&
                  text.find_first_of("xXpPnN") == std::string::npos;
    if (!number) return "not a number";
    bool integral = p.type != ParamType::Number;
    if (integral && (v != std::floor(v) || std::fabs(v) > 9007199254740991.0)) return "not an integer";
    if (p.max > p.min && (v < p.min || v > p.max)) return "out of range";
    return "";
}

Risk risk_of(const std::string& r) {
    if (r == "low") return Risk::Low;
    if (r == "medium") return Risk::Medium;
    if (r == "high") return Risk::High;
    return Risk::Critical;
}

}  // namespace

RunbooksPanel::RunbooksPanel() : Panel("Runbooks", "runbooks") {}

void RunbooksPanel::draw_content(const UiSnapshot& snap, CommandSink& sink) {
    // Three columns, so the form and the runs both stay in view in the
    // lower dock slot: the catalogue, the selected runbook's form, the runs.
    float avail = ImGui::GetContentRegionAvail().x;
    float list_w = std::max(140.0f, avail * 0.20f);
    float form_w = std::max(260.0f, avail * 0.38f);
    ImGui::BeginChild("catalogue", ImVec2(list_w, 0), true);
    draw_catalogue(snap);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("form", ImVec2(form_w, 0), true);
    const RunbookView* rb = nullptr;
    for (const auto& r : snap.runbooks)
        if (r.name == selected_runbook_) rb = &r;
    if (rb) draw_form(*rb, snap, sink);
    else widgets::empty_state("Pick a runbook to start it.");
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("runs", ImVec2(0, 0), false);
    draw_runs(snap);
    // Until a row is picked, the details show the top row (running first,
    // then the newest), so a run just started shows its log at once.
    std::int64_t shown = selected_run_ ? selected_run_ : snap.runs.empty() ? 0 : snap.runs.front().id;
    for (const auto& run : snap.runs)
        if (run.id == shown) draw_run_details(run, sink);
    ImGui::EndChild();
}

void RunbooksPanel::draw_catalogue(const UiSnapshot& snap) {
    widgets::section("RUNBOOKS");
    if (snap.runbooks.empty()) {
        widgets::empty_state("No runbooks found in workflows/.");
        return;
    }
    for (const auto& r : snap.runbooks) {
        if (ImGui::Selectable(r.name.c_str(), r.name == selected_runbook_)) selected_runbook_ = r.name;
        mark(("runbook_" + r.name).c_str());
        widgets::hover_tip(r.summary + (r.path.empty() ? "" : "\n" + r.path));
    }
}

void RunbooksPanel::draw_param(const ParamView& p, std::string& value) {
    ImGui::PushID(p.name.c_str());
    std::string label = p.name + (p.required ? " *" : "");
    ImGui::TextUnformatted(label.c_str());
    widgets::hover_tip(std::string(theme::label(p.type)) + (p.doc.empty() ? "" : ": " + p.doc));
    ImGui::SameLine(130);
    ImGui::SetNextItemWidth(-1);
    switch (p.type) {
        case ParamType::Boolean: {
            bool b = value == "true";
            if (ImGui::Checkbox("##v", &b)) value = b ? "true" : "false";
            break;
        }
        case ParamType::Choice: {
            if (ImGui::BeginCombo("##v", value.empty() ? "(choose)" : value.c_str())) {
                for (const auto& c : p.choices)
                    if (ImGui::Selectable(c.c_str(), c == value)) value = c;
                ImGui::EndCombo();
            }
            break;
        }
        case ParamType::Integer:
        case ParamType::StoreId:
        case ParamType::RegionId:
            ImGui::InputTextWithHint("##v", theme::label(p.type), &value, ImGuiInputTextFlags_CharsDecimal);
            break;
        case ParamType::Number:
            ImGui::InputTextWithHint("##v", "number", &value, ImGuiInputTextFlags_CharsScientific);
            break;
        default:
            ImGui::InputTextWithHint("##v", "text", &value);
    }
    mark(("param_" + p.name).c_str());
    ImGui::PopID();
}

void RunbooksPanel::draw_form(const RunbookView& rb, const UiSnapshot& snap, CommandSink& sink) {
    ImGui::TextUnformatted(rb.name.c_str());
    if (!rb.risk.empty()) {
        ImGui::SameLine();
        widgets::badge(rb.risk.c_str(), theme::colour(risk_of(rb.risk)));
    }
    widgets::hover_tip(rb.summary);
    auto& values = values_[rb.name];
    std::string problems;
    for (const auto& p : rb.params) {
        auto [it, fresh] = values.try_emplace(p.name, p.default_value);
        if (!invalid_value(p, it->second).empty()) problems += (problems.empty() ? "" : ", ") + p.name;
    }
    // The start row sits above the parameters so it never scrolls away.
    bool live_mode = snap.autonomy.mode == Mode::Live;
    if (!live_mode) dry_run_ = true;
    ImGui::BeginDisabled(!live_mode);
    ImGui::Checkbox("dry run", &dry_run_);
    ImGui::EndDisabled();
    if (!live_mode) widgets::hover_tip("execution mode is not live (Autonomy panel): runs only plan");
    ImGui::SameLine();
    ImGui::BeginDisabled(!problems.empty());
    bool start = ImGui::Button(dry_run_ ? "Start dry run###start" : "Start LIVE run###start");
    ImGui::EndDisabled();
    if (problems.empty()) mark("runbook_start");
    else widgets::hover_tip("fix first: " + problems);
    ImGui::Separator();
    for (const auto& p : rb.params) {
        std::string& value = values[p.name];
        draw_param(p, value);
        if (std::string why = invalid_value(p, value); !why.empty())
            ImGui::TextColored(theme::kWarn, "  %s: %s", p.name.c_str(), why.c_str());
    }
    if (rb.params.empty()) ImGui::TextDisabled("no parameters");
    if (start && problems.empty()) {
        StartRunbook cmd{rb.name, {}, dry_run_};
        for (const auto& p : rb.params) {
            const std::string& v = values[p.name];
            if (!v.empty()) cmd.params.push_back(KeyValue{p.name, v});
        }
        sink.push(std::move(cmd));
    }
}

void RunbooksPanel::draw_runs(const UiSnapshot& snap) {
    widgets::section("RUNS");
    if (snap.runs.empty()) {
        widgets::empty_state("No runs yet.");
        return;
    }
    ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit;
    float h = std::min(ImGui::GetContentRegionAvail().y * 0.45f, ImGui::GetTextLineHeightWithSpacing() * (snap.runs.size() + 1.5f));
    // Narrow columns: the step and the log are in the details below.
    if (!ImGui::BeginTable("runs_table", 4, flags, ImVec2(0, h))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("#", 0, 28);
    ImGui::TableSetupColumn("Runbook", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("State", 0, 74);
    ImGui::TableSetupColumn("Time", 0, 44);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(snap.runs.size()));
    while (clipper.Step())
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const RunView& r = snap.runs[static_cast<std::size_t>(i)];
            ImGui::TableNextRow();
            ImGui::PushID(static_cast<int>(r.id));
            ImGui::TableNextColumn();
            char id[32];
            std::snprintf(id, sizeof id, "%lld", static_cast<long long>(r.id));
            if (ImGui::Selectable(id, r.id == selected_run_, ImGuiSelectableFlags_SpanAllColumns)) selected_run_ = r.id;
            widgets::hover_tip(r.waiting_for.empty() ? r.current_step : "waiting: " + r.waiting_for);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r.runbook.c_str());
            ImGui::TableNextColumn();
            ImGui::TextColored(theme::colour(r.state), "%s", theme::label(r.state));
            ImGui::TableNextColumn();
            if (r.progress >= 0) ImGui::ProgressBar(static_cast<float>(r.progress), ImVec2(-1, ImGui::GetTextLineHeight()));
            else ImGui::TextDisabled("%s", widgets::format_age(r.duration_s).c_str());
            ImGui::PopID();
        }
    clipper.End();
    ImGui::EndTable();
}

void RunbooksPanel::draw_run_details(const RunView& run, CommandSink& sink) {
    ImGui::Text("Run #%lld  %s", static_cast<long long>(run.id), run.runbook.c_str());
    ImGui::SameLine();
    widgets::badge(theme::label(run.state), theme::colour(run.state));
    bool active = run.state == RunState::Running || run.state == RunState::Waiting || run.state == RunState::Pending;
    if (active) {
        ImGui::SameLine();
        if (ImGui::SmallButton("Cancel run")) sink.push(CancelRun{run.id});
        mark("run_cancel");
    }
    if (!run.current_step.empty() || !run.waiting_for.empty())
        widgets::plain_text(run.waiting_for.empty() ? "step: " + run.current_step : "waiting: " + run.waiting_for);
    if (!run.error.empty()) widgets::callout(theme::kBad, run.error);
    for (const auto& a : run.actions) {
        ImGui::Bullet();
        ImGui::TextWrapped("%s %s [%s]", a.kind.c_str(), a.params.c_str(), a.status.c_str());
    }
    ImGui::BeginChild("log", ImVec2(0, 0), true);
    ImGui::PushFont(theme::font_mono());
    if (run.log_tail.empty()) ImGui::TextDisabled("(no log lines)");
    // Wrapped: the column is narrow and a cut-off line hides the message.
    for (const auto& line : run.log_tail) ImGui::TextWrapped("%s", line.c_str());
    if (active && ImGui::GetScrollY() >= ImGui::GetScrollMaxY()) ImGui::SetScrollHereY(1.0f);
    ImGui::PopFont();
    ImGui::EndChild();
}

}  // namespace medic::gui
