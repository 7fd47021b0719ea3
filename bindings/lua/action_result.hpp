// bindings/lua/action_result.hpp: pushing what an action call returns
// (actions.Result) without building a Value map. This is the typed action
// call's return path (bench_lua measures it).
//
// Every action's C closure carries, as upvalues, the interned strings the
// result needs: its own name, the result's keys, the mode words and the
// last status word it returned (a per-closure cache). Pushing them is
// one lua_pushvalue each: no registry or template lookups, no string
// interning on the hot path. The table is created at its exact size.
#pragma once

#include <cstddef>

#include "bindings/api/spec.hpp"
#include "bindings/lua/run.hpp"

struct lua_State;

namespace medic::lua {

/// The C side of one action closure's result upvalues (kept in the
/// closure's userdata): the cached status word's text, so a call whose
/// status did not change pushes the cached string instead of interning it.
struct ResultCache {
    const char* status = nullptr;  ///< the status upvalue's text (nullptr: none yet)
    size_t status_len = 0;
};

/// Create the run's template (the result's keys and the mode words,
/// interned once per state); sets r.result_template_ref.
void create_result_template(lua_State* L, Run& r);

/// Is fn's result table built by a Lua wrapper in a run of this mode? A
/// dry-run action (never behind the prelude's yield wrapper) is a small
/// Lua function around its C closure: the C side returns status and
/// audit_id (push_action_fields) and the wrapper copies a constant
/// template that already holds the four keys, ~500 instructions cheaper
/// than creating the table and inserting four new keys through the C API.
inline bool result_built_in_lua(const api::ApiFn& fn, bool dry_run) {
    return fn.returns_action_result && !api::wrapped_for_yield(fn, dry_run);
}

/// Replace fn's C closure on top of the stack with its wrapper (in a run
/// of `mode`). stack: raw -> wrapper
void wrap_action_function(lua_State* L, const api::ApiFn& fn, RunMode mode);

/// What the C closure of a wrapped action returns: status and audit_id,
/// plus the whole result table (push_action_result) when description,
/// calls or observed is set. Returns how many values were pushed.
int push_action_fields(lua_State* L, int first, ResultCache& cache, const ActionRecord& rec);

/// How many upvalues push_result_upvalues adds.
inline constexpr int kResultUpvalues = 11;

/// Push fn's result upvalues (action name, the result's keys, the mode
/// words, the status cache slot). stack: +kResultUpvalues
void push_result_upvalues(lua_State* L, const api::ApiFn& fn);

/// Push rec's result as the runbook sees it: action, mode, status and
/// audit_id always; description, calls and observed when not empty (the
/// same fields as action_result_value). Called inside the action's own
/// closure: `first` is the upvalue index of its first result upvalue.
/// stack: +1
void push_action_result(lua_State* L, int first, ResultCache& cache, const ActionRecord& rec);

}  // namespace medic::lua
