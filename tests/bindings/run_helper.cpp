// tests/bindings/run_helper.cpp: run_lua (run_helper.hpp).
#include "run_helper.hpp"

#include "bindings/lua/clock.hpp"
#include "bindings/lua/scheduler.hpp"
#include "bindings/lua/vm_thread.hpp"

namespace medic::test {

bool Outcome::logged(const std::string& text) const {
    for (const auto& l : logs)
        if (l.message.find(text) != std::string::npos) return true;
    return false;
}

lua::Limits test_limits() {
    lua::Limits l;
    l.cpu_s = 0.3;
    l.memory_bytes = size_t(16) << 20;
    return l;
}

std::string wrap_body(const std::string& body) {
    return "return runbook.define{ name = \"t\", run = function(p)\n" + body + "\nend }\n";
}

Outcome run_lua(const std::string& source, lua::Limits limits, lua::RunMode mode,
                std::vector<std::pair<std::string, std::string>> args, lua::RunServices* services,
                const std::string& file) {
    Outcome out;
    lua::RunServices fallback;
    lua::SimClock clock(nullptr);
    lua::run_on_vm_thread([&] {
        lua::Scheduler s(clock, services ? *services : fallback);
        lua::Run& r = s.submit({file, source, mode, limits, std::move(args)});
        s.run_until_idle();
        out.status = r.status;
        out.failure = r.failure;
        out.logs = r.logs;
        out.actions = r.actions;
        out.steps = r.steps;
        out.peak_bytes = r.alloc.peak;
        out.cpu_s = r.cpu_used_s;
    });
    return out;
}

}  // namespace medic::test
