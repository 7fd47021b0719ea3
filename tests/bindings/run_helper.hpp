// tests/bindings/run_helper.hpp: run a runbook source through the real
// scheduler on a 16 MiB VM thread and copy out how it ended.
#pragma once

#include <string>
#include <vector>

#include "bindings/lua/run.hpp"
#include "bindings/lua/services.hpp"

namespace medic::test {

struct Outcome {
    lua::RunStatus status = lua::RunStatus::Pending;
    lua::ScriptFailure failure;
    std::vector<lua::LogLine> logs;
    std::vector<lua::ActionRecord> actions;
    std::vector<lua::StepRecord> steps;
    size_t peak_bytes = 0;
    double cpu_s = 0;
    std::string code() const { return status == lua::RunStatus::Ok ? "ok" : api::error_code_name(failure.code); }
    std::string message() const { return failure.one_line(); }
    bool logged(const std::string& text) const;
};

/// Limits for hostile tests: small CPU and memory so they end quickly.
lua::Limits test_limits();

/// A source with a trivial header whose run() body is `body`.
std::string wrap_body(const std::string& body);

Outcome run_lua(const std::string& source, lua::Limits limits = test_limits(),
                lua::RunMode mode = lua::RunMode::DryRun, std::vector<std::pair<std::string, std::string>> args = {},
                lua::RunServices* services = nullptr, const std::string& file = "test.lua");

}  // namespace medic::test
