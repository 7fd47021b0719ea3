// gui/ui_snapshot.hpp: the GUI's own view model. A UiSnapshot is a plain,
// immutable picture of everything the panels draw: stores, the aggregated
// region heat grid, incidents, proposals, runs, audit rows, kill switch and
// autonomy state. The engine bridge builds one on its own thread and
// publishes it whole (shared_ptr<const UiSnapshot>); panels only read it.
// Nothing here refers to engine types, so panels, fixtures, the smoke test
// and the frame benchmark need no engine at all.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace medic::gui {

// ---- enums shared with labels.hpp (each has a label/colour table there) ----

enum class StoreState { Up, Disconnected, Down, Offline, Tombstone, Unknown, Count };
enum class Severity { Info, Warning, Critical, Count };
enum class Risk { Low, Medium, High, Critical, Count };
/// The advisor's outcome class for a proposal, plus its life after a decision.
enum class ProposalOutcome {
    NeedsApproval,    // valid, safe, waiting for a person
    AutoApproved,     // autonomy allowed it without a person
    Approved,         // a person approved; execution pending or running
    Executed,         // executed and verified
    Failed,           // executed but failed or did not verify
    Rejected,         // a person rejected it
    RejectedInvalid,  // engine validation failed: can never be approved
    RejectedUnsafe,   // safety gate refused: can never be approved
    NoAction,         // advisor found nothing to do
    Expired,          // approval timed out (timeout means declined)
    Count
};
enum class Mode { ObserveOnly, DryRun, Live, Count };
enum class RunState { Pending, Running, Waiting, Succeeded, Failed, Canceled, Interrupted, Count };
enum class ParamType { Integer, Number, String, Boolean, StoreId, RegionId, Choice, Count };
/// What the region heat grid colours a cell by.
enum class HeatMetric { WriteFlow, ReadFlow, Regions, Leaders, Unhealthy, Count };
inline constexpr std::size_t kHeatMetricCount = static_cast<std::size_t>(HeatMetric::Count);

// ---- cluster ----

struct KeyValue {
    std::string key;
    std::string value;
    bool operator==(const KeyValue&) const = default;
};

struct StoreRow {
    std::uint64_t id = 0;
    std::string address;
    StoreState state = StoreState::Unknown;
    std::string state_name;        // PD's own word ("Up", "Offline", ...), shown verbatim
    std::uint32_t leaders = 0;
    std::uint32_t regions = 0;
    std::uint64_t capacity_bytes = 0;
    std::uint64_t available_bytes = 0;
    double heartbeat_age_s = -1;   // < 0: never seen
    std::string labels;            // "zone=z1, host=h3" (joined once, filtered per frame)
    std::vector<float> leader_history;  // oldest first, one sample per poll
};

/// Regions aggregated into key-range buckets (columns) x stores (rows).
/// Buckets hold equal numbers of regions in key order, so a hot key range
/// stays visible whatever the key encoding is.
struct HeatGrid {
    int buckets = 0;
    std::vector<std::uint64_t> store_ids;            // row order
    std::vector<std::string> bucket_start_keys;      // size buckets; printable (hex)
    std::string end_key;                             // end of the last bucket
    std::vector<std::uint32_t> bucket_regions;       // regions per bucket
    std::array<std::vector<float>, kHeatMetricCount> values;  // rows*buckets, row-major
    std::array<float, kHeatMetricCount> max{};       // per metric, for the colour scale

    float at(HeatMetric m, std::size_t row, int bucket) const {
        return values[static_cast<std::size_t>(m)][row * static_cast<std::size_t>(buckets) +
                                                   static_cast<std::size_t>(bucket)];
    }
};

struct RegionHealth {
    std::uint64_t total = 0;
    std::uint64_t miss_peer = 0;
    std::uint64_t down_peer = 0;
    std::uint64_t pending_peer = 0;
    std::uint64_t offline_peer = 0;
    std::uint64_t extra_peer = 0;
    std::uint64_t no_leader = 0;
};

struct ClusterTrends {
    double sample_interval_s = 1;
    std::vector<float> write_bytes_s;  // cluster-wide, oldest first
    std::vector<float> read_bytes_s;
};

struct ConnectionView {
    std::string pd_url;
    bool connected = false;
    std::string error;             // last PD error, empty when fine
    double last_poll_age_s = -1;
    double poll_ms = 0;
    std::string db_path;
    bool db_ok = false;
    std::string db_error;
};

// ---- incidents and proposals ----

struct EvidenceView {
    std::string text;              // "store 4: last heartbeat 62 s ago"
    std::string observation;       // the observation it links to: "obs #118 GET /pd/api/v1/stores at 12:03:04"
};

struct IncidentView {
    std::int64_t id = 0;
    std::string kind;              // "store_down"
    Severity severity = Severity::Warning;
    std::string subject;           // "store 4"
    std::string summary;
    double opened_age_s = 0;
    double last_seen_age_s = 0;
    bool open = true;
    std::vector<EvidenceView> evidence;
    std::int64_t proposal_id = 0;  // 0: none yet
};

struct ActionView {
    std::string kind;                      // "transfer_leader"
    std::vector<KeyValue> params;          // exact parameters, in declared order
    std::vector<std::string> expected;     // "store 4 leaders 310 -> 311"
    Risk risk = Risk::Low;
    std::string reversibility;             // "reversible: transfer back" / "irreversible"
    std::uint64_t confirm_store = 0;       // store id a person types to confirm (high/critical)
};

struct CheckView {
    std::string name;
    bool ok = false;
    std::string detail;
};

struct AlternativeView {
    std::string option;
    std::string why_not;
};

struct ProposalView {
    std::int64_t id = 0;                   // unique key (an action shown on its own: minus its id)
    std::string label;                     // "Proposal #12" / "Action #7"; empty: "Proposal #<id>"
    std::int64_t incident_id = 0;
    std::string advisor;                   // "rules" or "llm:<model>"
    ProposalOutcome outcome = ProposalOutcome::NeedsApproval;
    std::string outcome_name;              // the engine's word, shown verbatim
    std::vector<ActionView> actions;       // engine-rendered plan
    std::string runbook;                   // when the plan is a runbook: its name
    std::vector<KeyValue> runbook_params;
    Risk risk = Risk::Low;                 // engine-computed, max over actions
    std::string reversibility;
    std::vector<CheckView> checks;
    std::vector<std::string> rejection_reasons;  // for rejected_invalid / rejected_unsafe
    std::vector<std::string> dry_run;      // the PD requests the plan would make
    std::string diagnosis;                 // model text: drawn as plain text only
    std::vector<EvidenceView> evidence;
    std::vector<AlternativeView> alternatives;
    double confidence = 0;                 // 0..1
    std::string verification;
    std::string rollback;
    std::string binding;                   // hash of the actions, parameters and facts
    std::vector<KeyValue> facts;           // cluster facts the plan depends on
    std::string decided_by;                // who approved / rejected, when decided
    std::string decision_note;
    double age_s = 0;
};

// ---- safety state ----

struct KillSwitchView {
    bool known = false;            // false until read from the database
    bool engaged = false;
    std::string by;
    std::string reason;
    double since_age_s = 0;
};

struct AutonomyView {
    bool known = false;
    std::string level;                     // current level name
    std::vector<std::string> levels;       // choices, lowest first
    std::vector<std::string> level_docs;   // one line each, same order
    Mode mode = Mode::DryRun;
    std::string changed_by;
    double changed_age_s = -1;
};

// ---- runbooks and runs ----

struct ParamView {
    std::string name;
    ParamType type = ParamType::String;
    std::string doc;
    std::string default_value;     // as text; empty: none
    bool required = false;
    double min = 0, max = 0;       // used when max > min
    std::vector<std::string> choices;
};

struct RunbookView {
    std::string name;              // "drain_store"
    std::string summary;
    std::string risk;              // as the header declares it: "low" ... "critical"
    std::string path;
    std::vector<ParamView> params;
};

struct RunActionView {
    std::string kind;
    std::string params;            // "region=12 to_store=4"
    std::string status;            // "succeeded", "dry_run", "waiting_approval" ...
};

struct RunView {
    std::int64_t id = 0;
    std::string runbook;
    RunState state = RunState::Pending;
    std::string state_name;
    double progress = -1;          // 0..1, < 0 when unknown
    std::string current_step;
    std::string waiting_for;       // "operator on region 12", "approval of action 9"
    double started_age_s = 0;
    double duration_s = 0;
    std::string error;
    std::vector<std::string> log_tail;
    std::vector<RunActionView> actions;
};

// ---- audit ----

struct AuditRowView {
    std::int64_t seq = 0;
    std::string at;                // "2026-11-22 12:03:04" UTC
    std::string kind;
    std::string actor;
    std::string subject;
    std::string summary;
    std::string detail;            // full record, pretty JSON or text
};

struct AuditView {
    std::vector<AuditRowView> rows;        // newest first, already filtered
    std::vector<std::string> kinds;        // for the filter combo
    std::vector<std::string> actors;
    std::uint64_t total = 0;               // rows in the log, before filtering
    bool chain_checked = false;
    bool chain_ok = false;
    std::uint64_t chain_verified = 0;      // rows verified
    std::string chain_message;
};

// ---- chaos and notices ----

struct ChaosView {
    bool available = false;        // true only against pdsim (GET /chaos answered)
    std::vector<std::string> active;       // active faults, one line each
    std::string last_result;
};

struct NoticeView {
    Severity severity = Severity::Info;
    std::string text;
    double age_s = 0;
};

/// Everything the GUI draws in one frame. Immutable once published.
struct UiSnapshot {
    std::uint64_t version = 0;
    std::string taken_at;          // "12:03:04" UTC of the cluster data
    ConnectionView connection;
    std::vector<StoreRow> stores;
    HeatGrid heat;
    RegionHealth health;
    ClusterTrends trends;
    std::vector<IncidentView> incidents;   // open first, then recent
    std::vector<ProposalView> proposals;   // newest first
    KillSwitchView kill;
    AutonomyView autonomy;
    std::vector<RunbookView> runbooks;
    std::vector<RunView> runs;             // running first, then recent
    AuditView audit;
    ChaosView chaos;
    std::vector<NoticeView> notices;       // newest first
};

}  // namespace medic::gui
