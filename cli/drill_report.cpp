// cli/drill_report.cpp: a drill report as text (one block per drill) and
// as one JSON object (`medic drill --json`).
#include <cstdio>
#include <string>

#include "drill_runner.hpp"

namespace medic::cli {
namespace {

std::string secs(double sim, double wall) {
    if (sim < 0) return "-";
    char b[64];
    if (wall >= 0) std::snprintf(b, sizeof b, "%.0f s simulated (%.2f s wall)", sim, wall);
    else std::snprintf(b, sizeof b, "%.0f s simulated", sim);
    return b;
}

std::string esc(const std::string& s) {
    std::string o;
    for (unsigned char ch : s) {
        if (ch == '"' || ch == '\\') o += '\\', o += char(ch);
        else if (ch == '\n') o += "\\n";
        else if (ch < 0x20) {
            char b[8];
            std::snprintf(b, sizeof b, "\\u%04x", ch);
            o += b;
        } else o += char(ch);
    }
    return o;
}

std::string arr(const std::vector<std::string>& v) {
    std::string o = "[";
    for (size_t i = 0; i < v.size(); i++) o += (i ? "," : "") + std::string("\"") + esc(v[i]) + "\"";
    return o + "]";
}

std::string num(double d) {
    if (d < 0) return "null";
    char b[32];
    std::snprintf(b, sizeof b, "%.3f", d);
    return b;
}

}  // namespace

void print_drill_report(const DrillReport& r, std::FILE* out) {
    std::fprintf(out, "== drill %s: %s\n", r.name.c_str(), r.passed ? "PASSED" : "FAILED");
    std::fprintf(out, "   %s\n", r.summary.c_str());
    for (const auto& t : r.timeline) std::fprintf(out, "   %s\n", t.c_str());
    std::fprintf(out, "   time to detect:    %s\n", secs(r.detect_sim_s, r.detect_wall_s).c_str());
    std::fprintf(out, "   time to propose:   %s\n", secs(r.propose_sim_s, r.propose_wall_s).c_str());
    std::fprintf(out, "   time to remediate: %s\n", secs(r.remediate_sim_s, r.remediate_wall_s).c_str());
    std::fprintf(out, "   healthy again at:  %s\n", secs(r.heal_sim_s, -1).c_str());
    std::fprintf(out, "   diagnosis:         %s\n", r.diagnosis_right ? "right (expected remediation proposed)" : "WRONG");
    for (const auto& p : r.proposals) std::fprintf(out, "   proposal %s\n", p.c_str());
    std::fprintf(out, "   actions taken:     %zu\n", r.actions.size());
    for (const auto& a : r.actions) std::fprintf(out, "     %s\n", a.c_str());
    std::fprintf(out, "   audit:             %lld rows, chain %s; %lld proposal, %lld approval, %lld execution row(s)\n",
                 (long long)r.audit_rows, r.audit_ok ? "verifies" : "DOES NOT VERIFY", (long long)r.proposal_rows,
                 (long long)r.approval_rows, (long long)r.execution_rows);
    if (!r.to_approve.empty()) {
        std::fprintf(out, "   awaiting a person: approve with\n");
        for (const auto& a : r.to_approve) std::fprintf(out, "     %s\n", a.c_str());
    }
    for (const auto& f : r.failures) std::fprintf(out, "   FAIL: %s\n", f.c_str());
}

std::string drill_report_json(const DrillReport& r) {
    std::string o = "{\"drill\":\"" + esc(r.name) + "\",\"passed\":" + (r.passed ? "true" : "false");
    o += ",\"detect_sim_s\":" + num(r.detect_sim_s) + ",\"detect_wall_s\":" + num(r.detect_wall_s);
    o += ",\"propose_sim_s\":" + num(r.propose_sim_s) + ",\"propose_wall_s\":" + num(r.propose_wall_s);
    o += ",\"remediate_sim_s\":" + num(r.remediate_sim_s) + ",\"remediate_wall_s\":" + num(r.remediate_wall_s);
    o += ",\"healthy_sim_s\":" + num(r.heal_sim_s);
    o += std::string(",\"diagnosis_right\":") + (r.diagnosis_right ? "true" : "false");
    o += ",\"incidents\":" + arr(r.incidents) + ",\"proposals\":" + arr(r.proposals) + ",\"actions\":" + arr(r.actions);
    o += ",\"to_approve\":" + arr(r.to_approve) + ",\"timeline\":" + arr(r.timeline) + ",\"failures\":" + arr(r.failures);
    o += ",\"audit\":{\"rows\":" + std::to_string(r.audit_rows) + ",\"verifies\":" + (r.audit_ok ? "true" : "false") +
         ",\"proposals\":" + std::to_string(r.proposal_rows) + ",\"approvals\":" + std::to_string(r.approval_rows) +
         ",\"executions\":" + std::to_string(r.execution_rows) + "}";
    return o + "}";
}

}  // namespace medic::cli
