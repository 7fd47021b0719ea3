// bindings/lua/scheduler.cpp: the run scheduler (scheduler.hpp).
//
// [SECTION] start      state, chunk, run coroutine
// [SECTION] resume     one slice of a run, CPU accounting, yield/finish/error
// [SECTION] waiting    timers, polls, deadlines and cancels of waiting runs
// [SECTION] end        compensation and finishing
#include "bindings/lua/scheduler.hpp"

#include <lua.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

#include "bindings/lua/convert.hpp"
#include "bindings/lua/error_object.hpp"
#include "bindings/lua/hook.hpp"
#include "bindings/lua/run_ops.hpp"
#include "bindings/lua/sandbox.hpp"
#include "bindings/lua/source_check.hpp"
#include "bindings/lua/vm_thread.hpp"

namespace medic::lua {
namespace {

/// The run stops waiting before its poll finished: let the service know.
void abandon(Suspension& s) {
    if (!s.abandon) return;
    auto f = std::move(s.abandon);
    s.abandon = nullptr;
    f();
}

void fail_with(Run& r, api::ErrorCode code, std::string where, std::string message) {
    r.failed = true;
    r.failure = ScriptFailure{};
    r.failure.code = code;
    r.failure.where = std::move(where);
    r.failure.message = std::move(message);
}

/// Protected: create the run coroutine with the runner and the chunk on it.
int make_thread(lua_State* L) {
    Run& r = *static_cast<Run*>(lua_touserdata(L, 1));
    const char* key = lua_toboolean(L, 2) ? kCompensateKey : kRunnerKey;
    bool with_chunk = !lua_toboolean(L, 2);
    lua_State* co = lua_newthread(L);                // stack: ud, flag, [chunk], co
    if (r.thread_ref != LUA_NOREF) luaL_unref(L, LUA_REGISTRYINDEX, r.thread_ref);
    lua_pushvalue(L, -1);
    r.thread_ref = luaL_ref(L, LUA_REGISTRYINDEX);   // keeps co alive
    r.thread = co;
    lua_getfield(L, LUA_REGISTRYINDEX, key);         // stack: ..., co, fn
    lua_xmove(L, co, 1);                             // co: fn
    if (with_chunk) {
        lua_pushvalue(L, 3);                         // stack: ..., co, chunk
        lua_xmove(L, co, 1);                         // co: fn, chunk
    }
    r.resume_nargs = with_chunk ? 1 : 0;
    return 0;
}

bool create_thread(Run& r, bool compensation) {
    lua_State* L = r.L;
    int top = lua_gettop(L);  // stack: [chunk]
    lua_pushcfunction(L, make_thread);
    lua_pushlightuserdata(L, &r);
    lua_pushboolean(L, compensation);
    if (!compensation) lua_pushvalue(L, top);
    int rc = lua_pcall(L, compensation ? 2 : 3, 0, 0);
    lua_settop(L, compensation ? top : top - 1);
    return rc == 0;
}

}  // namespace

std::string chunk_name_for(const std::string& file) {
    std::string base = file.substr(file.find_last_of('/') == std::string::npos ? 0 : file.find_last_of('/') + 1);
    std::string out;
    for (char c : base.substr(0, 64)) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                  c == '_' || c == '-';
        out += ok ? c : '_';
    }
    return out.empty() ? "runbook" : out;
}

Scheduler::Scheduler(Clock& clock, RunServices& services) : clock_(clock), services_(services) {}

Scheduler::~Scheduler() {
    for (auto& r : runs_)
        if (r->L) {
            if (r->status == RunStatus::Waiting) abandon(r->suspension);
            r->ended = true;
            lua_close(r->L);
            r->L = nullptr;
        }
}

size_t Scheduler::active() const {
    size_t n = 0;
    for (const auto& r : runs_) n += r->L != nullptr;
    return n;
}

// ============================================================================
// [SECTION] start
// ============================================================================

Run& Scheduler::submit(RunRequest req) {
    auto owned = std::make_unique<Run>();
    Run& r = *owned;
    runs_.push_back(std::move(owned));
    r.file = std::move(req.file);
    r.chunk = chunk_name_for(r.file);
    r.source = std::move(req.source);
    r.mode = req.mode;
    r.limits = req.limits;
    r.args = std::move(req.args);
    r.services = &services_;
    r.clock = &clock_;
    r.started_at = clock_.now();
    r.wall_deadline = r.started_at + (r.limits.wall_s > 0 ? r.limits.wall_s : kDefaultDeadlineS);
    services_.on_run_started(r);
    start(r);
    return r;
}

void Scheduler::start(Run& r) {
    std::string err = create_sandbox(r);
    if (!err.empty()) {
        fail_with(r, api::ErrorCode::E_HOST, r.chunk, err);
        finish(r);
        return;
    }
    if (SourceProblem p = find_cdata_literal(r.source); p.line > 0) {
        fail_with(r, api::ErrorCode::E_SYNTAX, position_text(r, p.line), escape_text(p.message, 512));
        finish(r);
        return;
    }
    std::string name = "@" + r.chunk;
    // Text only: a precompiled chunk is refused ("attempt to load a binary chunk").
    int rc = luaL_loadbufferx(r.L, r.source.data(), r.source.size(), name.c_str(), "t");
    if (rc != 0) {
        ScriptFailure f = failure_from_value(r.L, -1, r);
        fail_with(r, rc == LUA_ERRMEM ? api::ErrorCode::E_LIMIT_MEMORY : api::ErrorCode::E_SYNTAX, f.where,
                  f.message);
        finish(r);
        return;
    }
    if (!create_thread(r, false)) {
        fail_with(r, api::ErrorCode::E_LIMIT_MEMORY, r.chunk, "memory limit exceeded while starting");
        finish(r);
        return;
    }
    r.status = RunStatus::Running;
    ready_.push_back(&r);
}

// ============================================================================
// [SECTION] resume
// ============================================================================

void Scheduler::resume(Run& r) {
    r.status = r.compensating ? RunStatus::Compensating : RunStatus::Running;
    r.api_time_s = 0;
    r.api_time_sampled = 0;
    r.slice_thread_cpu = 0;
    r.slice_thread_cpu0 = thread_cpu_now();
    r.slice_start = mono_now();
    vm_slice_begin();
    int rc = lua_resume(r.thread, r.resume_nargs);
    vm_slice_end();
    double lua_wall = (mono_now() - r.slice_start) - r.api_time_s;
    // A slice with host calls may have computed in them: count the thread's
    // CPU time when it is larger than the Lua estimate (hook.hpp cpu_used).
    if (r.api_time_s > 0) lua_wall = std::max(lua_wall, thread_cpu_now() - r.slice_thread_cpu0);
    r.cpu_used_s += lua_wall;
    r.slice_start = 0;
    r.api_time_s = 0;
    r.slice_thread_cpu = 0;
    r.resume_nargs = 0;
    if (rc == LUA_YIELD && r.suspended) {
        r.suspended = false;
        r.status = RunStatus::Waiting;
        r.suspension.next_poll = clock_.now();
        lua_settop(r.thread, 0);
        report_wait(r, r.suspension.waiting_for);
        return;
    }
    if (rc == LUA_YIELD) {  // cannot happen through the prelude; refuse rather than hang
        fail_with(r, api::ErrorCode::E_HOST, where_of(r.thread, r), "the run's coroutine yielded outside the host");
    } else if (rc == 0 && r.termination == Termination::None) {
        if (!r.compensating) r.status = RunStatus::Ok;
    } else if (rc != 0 || r.termination != Termination::None) {
        evaluate_limits(r);  // an uncaught "not enough memory" never reached the hook
        if (r.compensating) {
            // A failing undo is recorded by the prelude; a limit inside one
            // leaves the rest pending. The run's own failure stands.
            if (r.termination != Termination::None)
                r.compensation_note =
                    std::string("the compensation stopped: ") + kTerminationMessages[size_t(r.termination)];
        } else {
            r.failed = true;
            r.failure = rc != 0 ? failure_from_value(r.thread, -1, r) : ScriptFailure{};
            if (r.termination != Termination::None) {
                r.failure.code = kTerminationCodes[size_t(r.termination)];
                r.failure.api.clear();
                r.failure.message = kTerminationMessages[size_t(r.termination)];
                if (r.failure.where.empty()) r.failure.where = where_of(r.thread, r);
            } else if (rc == LUA_ERRMEM) {
                r.failure.code = api::ErrorCode::E_LIMIT_MEMORY;
            }
            after_error(r);
            return;
        }
    }
    finish(r);
}

// ============================================================================
// [SECTION] waiting
// ============================================================================

void Scheduler::ready_with(Run& r, bool ok, const api::Value* v, const api::HostError* e) {
    lua_State* co = r.thread;
    lua_settop(co, 0);
    lua_pushboolean(co, ok);  // co: ok
    if (ok) {
        push_value(co, v ? *v : api::Value{});
    } else if (e) {
        push_error(co, r, e->code, r.suspension.api, e->subject, e->message, where_of(co, r), &e->details);
    } else {
        lua_pushnil(co);
    }
    r.resume_nargs = 2;
    r.status = RunStatus::Running;
    if (!r.suspension.continues || !ok) report_resume(r);
    ready_.push_back(&r);
}

void Scheduler::poll_waiting(Run& r, double now, double& next) {
    Suspension& s = r.suspension;
    if (evaluate_limits(r) != Termination::None) {
        // Arm the sticky hook before resuming: the first instruction after
        // the wait raises, and nothing the script does can swallow it.
        arm_sticky_hook(r.L, r);
        abandon(s);
        ready_with(r, false, nullptr, nullptr);
        return;
    }
    if (s.poll && now >= s.next_poll) {
        Suspension::Poll p = s.poll();
        if (p.state != Suspension::State::Pending) s.abandon = nullptr;  // finished: nothing to withdraw
        if (p.state == Suspension::State::Done) return ready_with(r, true, &p.value, nullptr);
        if (p.state == Suspension::State::Failed) return ready_with(r, false, nullptr, &p.error);
        s.next_poll = now + s.poll_interval_s;
    }
    if (s.until > 0 && now >= s.until) {
        if (s.poll) {
            abandon(s);
            return ready_with(r, false, nullptr, &s.on_timeout);
        }
        return ready_with(r, true, nullptr, nullptr);
    }
    if (s.until > 0) next = std::min(next, s.until);
    if (s.poll) next = std::min(next, s.next_poll);
    next = std::min(next, r.wall_deadline);
}

void Scheduler::run_until_idle() {
    while (true) {
        while (!ready_.empty()) {
            std::vector<Run*> batch;
            batch.swap(ready_);
            for (Run* r : batch) resume(*r);
        }
        double now = clock_.now();
        bool poll_cancels = now - last_cancel_poll_ >= cancel_poll_s;
        if (poll_cancels) last_cancel_poll_ = now;
        double next = std::numeric_limits<double>::infinity();
        size_t waiting = 0;
        for (auto& owned : runs_) {
            Run& r = *owned;
            if (r.status != RunStatus::Waiting) continue;
            bool compensate = false;
            if (poll_cancels && services_.cancel_requested(r, compensate)) cancel(r, compensate);
            poll_waiting(r, now, next);
            waiting += r.status == RunStatus::Waiting;
        }
        if (!ready_.empty()) continue;
        if (waiting == 0) break;
        clock_.sleep_until(std::min(next, now + cancel_poll_s));
    }
}

void Scheduler::cancel(Run& r, bool compensate) {
    r.compensate_on_cancel.store(compensate);
    r.cancel_requested.store(true);
    clock_.wake();
}

// ============================================================================
// [SECTION] end
// ============================================================================

// Compensations run after every failure, a limit included (CPU, memory,
// instructions, deadline, log, actions, nesting): the failed coroutine is
// dropped and collected, and the undo functions run in a fresh coroutine with
// a budget of their own (Limits::compensation_*), so a run that exhausted its
// own limits can still undo its finished steps, and a runaway undo function is
// stopped by the same machinery. Only a cancel without compensation skips
// them. Whatever is left undone is journaled as "not_compensated" with why.
void Scheduler::after_error(Run& r) {
    if (pending_undo(r).empty()) return finish(r);
    if (r.termination == Termination::Cancelled && !r.compensate_on_cancel.load()) {
        r.compensation_note = "the run was cancelled without compensation";
        return finish(r);
    }
    if (start_compensation(r)) return;
    r.compensation_note = "the compensation could not start (no memory for its coroutine)";
    finish(r);
}

bool Scheduler::start_compensation(Run& r) {
    lua_State* L = r.L;
    const Limits& l = r.limits;
    r.compensating = true;
    // Drop the failed coroutine and everything only it held, then grant the
    // fresh budget on top of what is still live.
    if (r.thread_ref != LUA_NOREF) luaL_unref(L, LUA_REGISTRYINDEX, r.thread_ref);
    r.thread_ref = LUA_NOREF;
    r.thread = nullptr;
    r.alloc.exceeded = false;
    lua_gc(L, LUA_GCCOLLECT, 0);  // no finalizers exist in the sandbox (no newproxy, no userdata __gc)
    r.alloc.limit = std::max(l.memory_bytes, r.alloc.used + l.compensation_memory_bytes);
    r.limits.log_bytes = std::max(l.log_bytes, r.log_bytes + l.compensation_log_bytes);
    r.limits.max_actions = std::max(l.max_actions, r.action_count + l.compensation_actions);
    r.termination = Termination::None;
    r.cancel_requested.store(false);
    r.nesting = 0;
    r.cpu_budget_s = r.cpu_used_s + l.compensation_cpu_s;
    // A wall limit the caller set (medic run --wall-limit) bounds the undo
    // functions too: a runbook must not keep the host busy long after it.
    double wall = l.wall_s > 0 ? std::min(l.compensation_wall_s, l.wall_s) : l.compensation_wall_s;
    r.wall_deadline = clock_.now() + wall;
    reset_hook(L, r);
    if (!create_thread(r, true)) return false;
    append_log(r, "warn", "running compensations for " + std::to_string(pending_undo(r).size()) + " step(s)", "",
               r.failure.where);
    r.status = RunStatus::Compensating;
    ready_.push_back(&r);
    return true;
}

void Scheduler::finish(Run& r) {
    bool cancelled = r.failed && r.failure.code == api::ErrorCode::E_CANCELLED;
    r.status = !r.failed ? RunStatus::Ok : cancelled ? RunStatus::Cancelled : RunStatus::Error;
    for (auto& s : r.steps) {
        if (s.state == "running") {
            s.state = "interrupted";
            s.error = r.failure.one_line();
            services_.on_step(r, s.seq, s.name, s.state, s.error);
        } else if (s.state == "compensating") {  // its undo was stopped by the compensation budget
            s.state = "compensation_failed";
            s.error = r.compensation_note.empty() ? r.failure.one_line() : r.compensation_note;
            s.has_undo = false;
            services_.on_step(r, s.seq, s.name, s.state, s.error);
        }
    }
    for (auto& s : r.steps)
        if (r.failed && s.has_undo && s.state == "ok") {
            if (r.compensation_note.empty()) r.compensation_note = "the compensation did not reach it";
            s.state = "not_compensated";
            s.error = "not compensated: " + r.compensation_note;
            services_.on_step(r, s.seq, s.name, s.state, s.error);
        }
    for (auto& a : r.actions) render_action(r, a);
    r.ended = true;
    r.finished_at = clock_.now();
    if (r.L) {
        lua_close(r.L);  // no finalizers can run: no newproxy, no userdata with __gc
        r.alloc.pool.release();
        r.L = nullptr;
        r.thread = nullptr;
    }
    services_.on_run_finished(r);
}

}  // namespace medic::lua
