// bindings/lua/action_result.hpp: pushing what an action call returns
// (actions.Result) without building a Value map: a per-state template of
// interned key strings, mode words and action names (the registry holds
// it) and a table created at its exact size. This is the typed action
// call's return path (bench_lua measures it).
#pragma once

#include "bindings/lua/run.hpp"

struct lua_State;

namespace medic::lua {

/// Create the run's template; sets r.result_template_ref.
void create_result_template(lua_State* L, Run& r);

/// Push rec's result as the runbook sees it: action, mode, status and
/// audit_id always; description, calls and observed when not empty (the
/// same fields as action_result_value). stack: +1
void push_action_result(lua_State* L, const Run& r, const ActionRecord& rec);

}  // namespace medic::lua
