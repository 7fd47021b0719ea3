// gui/panels/panels.hpp: every panel class, one implementation file each
// (gui/panels/<name>_panel.cpp). Panels keep their UI state (filters,
// selections, half-typed inputs) in members, never in function statics, read
// only the UiSnapshot, and act only by pushing commands.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "../approval_guard.hpp"
#include "../panel.hpp"
#include "../widgets/heat_map.hpp"

namespace medic::gui {

/// The strip under the menu bar: connection, counts, mode and the kill switch.
class KillSwitchPanel final : public Panel {
public:
    KillSwitchPanel();

protected:
    void draw_content(const UiSnapshot& snap, CommandSink& sink) override;

private:
    void draw_summary(const UiSnapshot& snap);
    void draw_switch(const UiSnapshot& snap, CommandSink& sink);
    void draw_resume_popup(CommandSink& sink);
    std::string resume_reason_;
    bool pending_ = false;          // clicked, not yet reflected in a snapshot
    bool pending_target_ = false;
    double pending_at_ = 0;         // ImGui time of the click; the wait gives up after a few seconds
};

class ClusterPanel final : public Panel {
public:
    ClusterPanel();

protected:
    void draw_content(const UiSnapshot& snap, CommandSink& sink) override;

private:
    void draw_trends(const UiSnapshot& snap);
    void draw_toolbar(const UiSnapshot& snap);
    void draw_stores(const UiSnapshot& snap, float height);
    void draw_store_row(const StoreRow& s, const UiSnapshot& snap);
    void rebuild_view(const UiSnapshot& snap);
    std::string filter_;
    bool only_problems_ = false;
    std::vector<std::size_t> view_;     // indexes into snap.stores, filtered and sorted
    std::uint64_t view_version_ = ~0ull;
    std::string view_filter_;
    bool view_only_problems_ = false;
    int sort_column_ = 0;
    bool sort_ascending_ = true;
    bool sort_dirty_ = true;
    int heat_metric_ = 0;
    HeatMap heat_;
};

class IncidentsPanel final : public Panel {
public:
    IncidentsPanel();

protected:
    void draw_content(const UiSnapshot& snap, CommandSink& sink) override;

private:
    void draw_details(const IncidentView& inc);
    std::int64_t selected_ = 0;
    bool show_resolved_ = true;
};

class ProposalPanel final : public Panel {
public:
    ProposalPanel();

protected:
    void draw_content(const UiSnapshot& snap, CommandSink& sink) override;

private:
    const ProposalView* choose(const UiSnapshot& snap);
    void draw_selector(const UiSnapshot& snap);
    /// The person chose proposal `id` (selector or Next waiting).
    void pick(std::int64_t id);
    void draw_header(const ProposalView& p);
    void draw_actions(const ProposalView& p);
    void draw_risk_and_checks(const ProposalView& p);
    void draw_reasoning(const ProposalView& p);
    void draw_decision(const ProposalView& p, CommandSink& sink);
    void draw_approve_row(const ProposalView& p, CommandSink& sink);
    void draw_reject_row(const ProposalView& p, CommandSink& sink);
    void clear_inputs();
    std::int64_t selected_ = 0;
    ApprovalGuard guard_;
    std::string typed_;             // typed confirmation for high/critical risk
    bool rejecting_ = false;
    std::string reject_reason_;
    std::int64_t sent_for_ = 0;     // proposal id a decision was sent for
    double sent_at_ = 0;            // ImGui time it was sent
    static constexpr double kShowResultS = 3.0;  // the decided result stays this long before the next comes up
    bool kill_engaged_ = false;     // from the snapshot being drawn
};

class AutonomyPanel final : public Panel {
public:
    AutonomyPanel();

protected:
    void draw_content(const UiSnapshot& snap, CommandSink& sink) override;

private:
    void draw_confirm_popup(CommandSink& sink);
    int level_choice_ = -1;
    int mode_choice_ = -1;
    std::string level_name_;        // the chosen level, confirmed by the popup
    std::string reason_;
};

class RunbooksPanel final : public Panel {
public:
    RunbooksPanel();

protected:
    void draw_content(const UiSnapshot& snap, CommandSink& sink) override;

private:
    void draw_catalogue(const UiSnapshot& snap);
    void draw_form(const RunbookView& rb, const UiSnapshot& snap, CommandSink& sink);
    void draw_param(const ParamView& p, std::string& value);
    void draw_runs(const UiSnapshot& snap);
    void draw_run_details(const RunView& run, CommandSink& sink);
    std::string selected_runbook_;
    std::map<std::string, std::map<std::string, std::string>> values_;  // runbook -> param -> text
    bool dry_run_ = true;
    std::int64_t selected_run_ = 0;
};

class AuditPanel final : public Panel {
public:
    AuditPanel();

protected:
    void draw_content(const UiSnapshot& snap, CommandSink& sink) override;

private:
    void draw_filters(const UiSnapshot& snap, CommandSink& sink);
    void draw_chain(const UiSnapshot& snap, CommandSink& sink);
    void draw_rows(const UiSnapshot& snap);
    int kind_ = 0;                  // 0: any; else index + 1 into snap.audit.kinds
    int actor_ = 0;
    int since_ = 0;                 // index into the time-range choices
    std::string text_;
    std::string sent_key_;          // filter last sent, to send only changes
    std::set<std::int64_t> expanded_;
};

class ChaosPanel final : public Panel {
public:
    ChaosPanel();

protected:
    void draw_content(const UiSnapshot& snap, CommandSink& sink) override;

private:
    void draw_store_faults(const UiSnapshot& snap, CommandSink& sink);
    void draw_cluster_faults(const UiSnapshot& snap, CommandSink& sink);
    std::uint64_t store_ = 0;
    float slow_s_ = 25;
    float fill_ratio_ = 0.95f;
    int latency_ms_ = 500;
    float error_rate_ = 0.2f;
    int hot_bucket_ = 0;
    bool hot_write_ = true;
};

}  // namespace medic::gui
