// gui/panels/audit_panel.cpp: the audit log with filters (kind, actor, time,
// text) that the bridge applies in the database, expandable rows, and the
// hash chain status.
#include <imgui.h>
#include <imgui_stdlib.h>

#include "../theme.hpp"
#include "../widgets/widgets.hpp"
#include "panels.hpp"

namespace medic::gui {
namespace {

struct TimeRange {
    const char* label;
    double seconds;
};
constexpr TimeRange kRanges[] = {{"any time", 0}, {"last 15 min", 900}, {"last hour", 3600}, {"last 24 h", 86400}};

bool combo(const char* id, const char* any, const std::vector<std::string>& items, int& choice) {
    bool changed = false;
    if (choice > static_cast<int>(items.size())) choice = 0;
    const char* preview = choice == 0 ? any : items[static_cast<std::size_t>(choice - 1)].c_str();
    if (ImGui::BeginCombo(id, preview)) {
        if (ImGui::Selectable(any, choice == 0)) { choice = 0; changed = true; }
        for (std::size_t i = 0; i < items.size(); ++i)
            if (ImGui::Selectable(items[i].c_str(), choice == static_cast<int>(i) + 1)) {
                choice = static_cast<int>(i) + 1;
                changed = true;
            }
        ImGui::EndCombo();
    }
    return changed;
}

}  // namespace

AuditPanel::AuditPanel() : Panel("Audit log", "audit") {}

void AuditPanel::draw_content(const UiSnapshot& snap, CommandSink& sink) {
    draw_chain(snap, sink);
    draw_filters(snap, sink);
    draw_rows(snap);
}

void AuditPanel::draw_chain(const UiSnapshot& snap, CommandSink& sink) {
    const AuditView& a = snap.audit;
    if (!a.chain_checked) widgets::badge("hash chain not checked", theme::kMuted);
    else if (a.chain_ok) widgets::badge("hash chain intact", theme::kGood);
    else widgets::badge("HASH CHAIN BROKEN", theme::kBad);
    ImGui::SameLine();
    ImGui::TextDisabled("%s rows verified  %s", widgets::format_count(a.chain_verified).c_str(), a.chain_message.c_str());
    ImGui::SameLine();
    if (ImGui::SmallButton("Verify now")) sink.push(VerifyAuditChain{});
}

void AuditPanel::draw_filters(const UiSnapshot& snap, CommandSink& sink) {
    const AuditView& a = snap.audit;
    ImGui::SetNextItemWidth(140);
    combo("##kind", "any kind", a.kinds, kind_);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(140);
    combo("##actor", "any actor", a.actors, actor_);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(110);
    if (ImGui::BeginCombo("##since", kRanges[since_].label)) {
        for (int i = 0; i < static_cast<int>(std::size(kRanges)); ++i)
            if (ImGui::Selectable(kRanges[i].label, since_ == i)) since_ = i;
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##text", "search subject / summary", &text_);
    SetAuditFilter f;
    if (kind_ > 0 && kind_ <= static_cast<int>(a.kinds.size())) f.kind = a.kinds[static_cast<std::size_t>(kind_ - 1)];
    if (actor_ > 0 && actor_ <= static_cast<int>(a.actors.size())) f.actor = a.actors[static_cast<std::size_t>(actor_ - 1)];
    f.since_s = kRanges[since_].seconds;
    f.text = text_;
    // Send only changes: the bridge re-queries SQLite on its own thread.
    std::string key = f.kind + '\x1f' + f.actor + '\x1f' + std::to_string(f.since_s) + '\x1f' + f.text;
    if (key != sent_key_) {
        sent_key_ = key;
        sink.push(std::move(f));
    }
}

void AuditPanel::draw_rows(const UiSnapshot& snap) {
    const AuditView& a = snap.audit;
    ImGui::TextDisabled("%zu shown of %s", a.rows.size(), widgets::format_count(a.total).c_str());
    if (a.rows.empty()) {
        widgets::empty_state(a.total ? "No audit row matches the filter." : "The audit log is empty.");
        return;
    }
    ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                            ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable("audit_rows", 5, flags)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Seq", 0, 50);
    ImGui::TableSetupColumn("Time (UTC)", 0, 140);
    ImGui::TableSetupColumn("Kind", 0, 130);
    ImGui::TableSetupColumn("Actor", 0, 100);
    ImGui::TableSetupColumn("Subject / summary", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    // Expanded rows have their own height, so the clipper (fixed row height)
    // is only used while every row is one line.
    auto draw_row = [&](const AuditRowView& r) {
        ImGui::TableNextRow();
        ImGui::PushID(static_cast<int>(r.seq));
        ImGui::TableNextColumn();
        bool open = expanded_.count(r.seq) > 0;
        char seq[32];
        std::snprintf(seq, sizeof seq, "%lld", static_cast<long long>(r.seq));
        if (ImGui::Selectable(seq, open, ImGuiSelectableFlags_SpanAllColumns)) {
            if (open) expanded_.erase(r.seq);
            else expanded_.insert(r.seq);
        }
        ImGui::TableNextColumn();
        ImGui::TextDisabled("%s", r.at.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(r.kind.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(r.actor.c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%s  %s", r.subject.c_str(), r.summary.c_str());
        if (open) {
            ImGui::PushFont(theme::font_mono());
            widgets::plain_text(r.detail.empty() ? "(no detail)" : r.detail);
            ImGui::PopFont();
        }
        ImGui::PopID();
    };
    if (expanded_.empty()) {
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(a.rows.size()));
        while (clipper.Step())
            for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) draw_row(a.rows[static_cast<std::size_t>(i)]);
        clipper.End();
    } else {
        for (const auto& r : a.rows) draw_row(r);
    }
    ImGui::EndTable();
}

}  // namespace medic::gui
