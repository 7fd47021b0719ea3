// bindings/api/spec.hpp: the types of the one declaration of the Lua API
// (STYLE 3.5). Each module is a table of ApiFn; each ApiFn lists its
// parameters with a Domain (noun phrase, Lua type, range or choices), its
// effect, modes, version and documentation. The generic dispatcher
// (lua/dispatch.cpp) checks every call against it and builds every argument
// error message from it; the emitters (emit/) write the LuaLS annotations and
// the reference docs from it. Nothing else declares the API.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bindings/api/value.hpp"

struct lua_State;

namespace medic::lua {
struct Run;
struct Suspension;
struct ActionRecord;
}  // namespace medic::lua

namespace medic::api {

enum class LuaType : uint8_t { Any, Boolean, Integer, Number, String, Table, Function, Count };
inline constexpr const char* kLuaTypeNames[] = {"any",   "boolean", "integer", "number",
                                                "string", "table",  "function"};
static_assert(std::size(kLuaTypeNames) == size_t(LuaType::Count));

/// Extra constraint on top of the type.
enum class Check : uint8_t { None, Positive, NonNegative, Range, OneOf, NonEmpty, Count };

struct Domain {
    const char* noun;                   ///< "a store id"
    LuaType type;
    Check check = Check::None;
    double min = 0, max = 0;            ///< Range: inclusive bounds
    std::span<const char* const> choices = {};  ///< OneOf
    size_t max_len = 0;                 ///< strings; 0 = kDefaultMaxString
};
inline constexpr size_t kDefaultMaxString = 4096;
/// Integers must be exactly representable: |v| <= 2^53.
inline constexpr double kMaxSafeInteger = 9007199254740992.0;

struct ParamSpec {
    const char* name;
    const Domain* domain;
    bool required = true;
    const char* def = nullptr;   ///< default as a Lua literal ("30", "true", "\"info\""); nullptr = none
    const char* doc = "";
    /// Table parameters with a keyset: the known fields.
    std::span<const ParamSpec> fields = {};
    const char* keyset = nullptr;  ///< LuaLS class name of the keyset, e.g. "runbook.WaitOpts"
    /// The table maps identifiers to keyset tables (e.g. the header's params).
    bool map_of_fields = false;
    /// The table maps identifiers to scalars (boolean, number, string), e.g. log fields.
    bool free_map = false;
    /// The table is a list (1..n, no holes) whose elements have this domain.
    const Domain* element = nullptr;
};

enum class Effect : uint8_t { Read, Mutating, Control, Count };
inline constexpr const char* kEffectNames[] = {"read", "mutating", "control"};
static_assert(std::size(kEffectNames) == size_t(Effect::Count));

enum ModeBits : uint8_t { kDryRun = 1, kLive = 2, kBothModes = 3 };

/// Checked arguments, aligned with ApiFn::params; defaults filled in.
struct Args {
    std::vector<Value> values;
    std::vector<bool> given;  ///< the caller supplied it (false: default or absent)
    std::span<const ParamSpec> params;
    const Value& operator[](std::string_view name) const;
    bool has(std::string_view name) const;
};

struct ApiFn;

/// What an implementation sees of the call.
struct Call {
    lua::Run& run;
    const ApiFn& fn;
    lua_State* L;
    /// Set by an implementation that must wait (timer, PD operator, approval):
    /// the dispatcher yields the run and the scheduler resumes it.
    lua::Suspension* suspend = nullptr;
    /// Set by an action call: the dispatcher returns this record's result
    /// (pushed from the actions.Result template), not the returned Value.
    const lua::ActionRecord* action = nullptr;
    std::string where() const;  ///< "drain.lua:12"
};

using Impl = Value (*)(Call&, const Args&);

struct ApiFn {
    const char* module;
    const char* name;
    std::span<const ParamSpec> params;
    bool named_args = false;          ///< one table of named arguments; params are its fields
    const char* returns = nullptr;    ///< LuaLS type; nullptr = returns nothing
    const char* returns_doc = "";
    Effect effect = Effect::Read;
    uint8_t modes = kBothModes;
    const char* since = "0.1";
    const char* doc = "";
    const char* example = "";
    Impl impl = nullptr;
    /// Set when a prelude wrapper implements the Lua side (it calls the
    /// checked C function first): "step", "wait_until", "define".
    const char* lua_wrapper = nullptr;
    bool suspends = false;            ///< may yield the run (returns ok, value to its wrapper)
    /// Suspends only in live runs (actions, safety.approve): in a dry-run it is
    /// installed without the yield wrapper and returns its value directly.
    bool suspends_live_only = false;
    int extra_results = 0;            ///< results beyond `returns` (internal wrappers)
    /// The implementation returns an array of scalars that reaches Lua as a
    /// set ({[element] = true}), e.g. store ids to look up with t[id].
    bool returns_set = false;
    /// No I/O, no journal, no wait: the call's time is the script's CPU, so
    /// the dispatcher does not time it as host time (saves two clock reads).
    bool pure = false;
    /// Returns actions.Result (an action): its closure carries the result's
    /// interned keys as upvalues (bindings/lua/action_result.hpp).
    bool returns_action_result = false;
};

/// A result shape for the LuaLS file (e.g. cluster.Store): declared next to
/// the code that builds it; a test checks the two agree.
struct FieldSpec {
    const char* name;
    const char* type;  ///< LuaLS type: "integer", "string", "cluster.Peer[]", ...
    const char* doc;
};
struct ClassSpec {
    const char* name;
    const char* doc;
    std::span<const FieldSpec> fields;
};

struct ModuleSpec {
    const char* name;
    const char* doc;
    std::span<const ApiFn> fns;
    std::span<const ClassSpec> classes = {};
};

/// Does fn go through the prelude's yield wrapper (returns ok, value) in a
/// run of this mode? Both the sandbox and the dispatcher ask this.
inline bool wrapped_for_yield(const ApiFn& fn, bool dry_run) {
    return fn.suspends && !(fn.suspends_live_only && dry_run);
}

/// The label used in messages: "transfer_leader" for actions, "log.info" otherwise.
std::string api_label(const ApiFn& fn);

/// The built-in modules (runbook, log, safety, cluster) and the actions
/// module generated from the engine's action registry. Stable order.
std::span<const ModuleSpec* const> all_modules();

}  // namespace medic::api
