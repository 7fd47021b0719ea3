// gui/bridge/runbook_catalog.cpp: runbook headers through the Lua host (see
// runbook_catalog.hpp for why the probe argument keeps the steps from running).
#include "gui/bridge/runbook_catalog.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "bindings/lua/convert.hpp"
#include "bindings/lua/scheduler.hpp"
#include "bindings/lua/vm_thread.hpp"

namespace medic::gui::bridge {
namespace {

namespace fs = std::filesystem;

constexpr const char* kProbeArg = "__medic_gui_header_probe__";
constexpr std::uintmax_t kMaxSourceBytes = std::uintmax_t(1) << 20;

ParamType param_type(const std::string& t) {
    if (t == "integer") return ParamType::Integer;
    if (t == "number") return ParamType::Number;
    if (t == "boolean") return ParamType::Boolean;
    return ParamType::String;
}

std::string default_text(const api::Value& v) {
    switch (v.kind) {
        case api::Value::Kind::Boolean: return v.b ? "true" : "false";
        case api::Value::Kind::Integer: return std::to_string(v.i);
        case api::Value::Kind::Number: return lua::render_number(v.n);
        case api::Value::Kind::String: return v.s;
        default: return "";
    }
}

RunbookView view_of(const lua::RunHeader& h, const std::string& path) {
    RunbookView rb;
    rb.name = h.name;
    rb.summary = h.description;
    rb.risk = h.risk;
    rb.path = path;
    for (const auto& d : h.params) {
        ParamView p;
        p.name = d.name;
        p.type = param_type(d.type);
        p.doc = d.doc;
        p.default_value = default_text(d.def);
        p.required = d.required && d.def.is_nil();
        rb.params.push_back(std::move(p));
    }
    std::sort(rb.params.begin(), rb.params.end(), [](const ParamView& a, const ParamView& b) {
        return a.required != b.required ? a.required : a.name < b.name;
    });
    return rb;
}

bool read_text(const std::string& path, std::string& out, std::string& err) {
    std::error_code ec;
    auto size = fs::file_size(path, ec);
    if (ec) return err = path + ": " + ec.message(), false;
    if (size > kMaxSourceBytes) return err = path + ": larger than 1 MiB", false;
    std::ifstream in(path, std::ios::binary);
    if (!in) return err = path + ": cannot be read", false;
    std::stringstream ss;
    ss << in.rdbuf();
    out = ss.str();
    return true;
}

}  // namespace

bool read_runbook_header(const std::string& path, RunbookView& out, std::string& err) {
    std::string source;
    if (!read_text(path, source, err)) return false;
    bool ok = false;
    lua::run_on_vm_thread([&] {
        lua::RealClock clock;
        lua::RunServices services;  // no cluster, no journal, no actions
        lua::Scheduler scheduler(clock, services);
        lua::Limits limits;
        limits.cpu_s = 0.5;
        limits.wall_s = 5;
        limits.max_actions = 0;
        lua::Run& r = scheduler.submit({path, source, lua::RunMode::DryRun, limits, {{kProbeArg, ""}}});
        scheduler.run_until_idle();
        if (!r.header.defined || r.header.name.empty()) {
            err = path + ": " + (r.failed ? r.failure.one_line() : "no runbook.define{} header");
            return;
        }
        if (r.failed && r.failure.code != api::ErrorCode::E_PARAM) {
            err = path + ": " + r.failure.one_line();
            return;
        }
        out = view_of(r.header, path);
        ok = true;
    });
    return ok;
}

CatalogResult scan_workflows(const std::string& dir) {
    CatalogResult res;
    std::error_code ec;
    std::vector<std::string> files;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        std::string name = it->path().filename().string();
        bool lua = name.size() > 4 && name.compare(name.size() - 4, 4, ".lua") == 0;
        bool test = name.size() > 9 && name.compare(name.size() - 9, 9, "_test.lua") == 0;
        if (lua && !test && it->is_regular_file(ec)) files.push_back(it->path().string());
    }
    if (ec) res.errors.push_back(dir + ": " + ec.message());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
        RunbookView rb;
        std::string err;
        if (read_runbook_header(f, rb, err)) res.runbooks.push_back(std::move(rb));
        else res.errors.push_back(err);
    }
    std::sort(res.runbooks.begin(), res.runbooks.end(),
              [](const RunbookView& a, const RunbookView& b) { return a.name < b.name; });
    return res;
}

}  // namespace medic::gui::bridge
