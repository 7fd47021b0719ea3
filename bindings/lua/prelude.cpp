// bindings/lua/prelude.cpp: the prelude source and its one-time compilation
// (prelude.hpp). The chunk receives I (internals: raw library functions and
// host helpers) and returns X (exports). It never reads globals, so nothing a
// runbook does to its own environment can change what the prelude calls.
#include "bindings/lua/prelude.hpp"

#include <lua.hpp>

#include <mutex>
#include <stdexcept>
#include <string>

#include "bindings/lua/alloc.hpp"
#include "bindings/lua/run.hpp"

namespace medic::lua {
namespace {

constexpr const char kPrelude[] = R"LUA(
local I = ...
local pcall, error, select, unpack, rawequal = I.pcall, I.error, I.select, I.unpack, I.rawequal
local tostring, concat, type = I.tostring, I.concat, I.type
local co_create, co_resume, co_yield, co_status, co_running =
  I.co_create, I.co_resume, I.co_yield, I.co_status, I.co_running
local X = {}

local function pack(...) return { n = select('#', ...), ... } end

-- xpcall: the handler runs after pcall has unwound, with hooks live, so a
-- handler that loops is stopped by the limits (SANDBOX 1.3).
function X.xpcall(f, handler, ...)
  local r = pack(pcall(f, ...))
  if r[1] then return unpack(r, 1, r.n) end
  return false, handler(r[2])
end

function X.print(...)
  local t = {}
  for i = 1, select('#', ...) do t[i] = tostring((select(i, ...))) end
  I.print(concat(t, "\t"))
end

-- Coroutines: resume nesting is counted (C stack), yield is refused in the
-- run's own coroutine (it belongs to the scheduler), and a limit that
-- stopped a script coroutine is re-raised in its resumer.
-- co_resume itself may raise (a bad argument, too many values to pass):
-- it runs under pcall so that the count always comes back down (a script
-- doing pcall(coroutine.resume, {}) eight times must not hit the limit).
local depth = 0
local function resume(co, ...)
  if type(co) ~= "thread" then error("bad argument #1 to 'resume' (coroutine expected)", 2) end
  if depth >= I.max_nesting then I.nesting_exceeded() end
  depth = depth + 1
  local r = pack(pcall(co_resume, co, ...))
  depth = depth - 1
  I.check()
  if not r[1] then error(r[2], 2) end
  return unpack(r, 2, r.n)
end
local function yield(...)
  if I.is_run_thread() then error("attempt to yield from outside a coroutine", 2) end
  return co_yield(...)
end
local function wrap(f)
  local co = co_create(f)
  return function(...)
    local r = pack(resume(co, ...))
    if r[1] then return unpack(r, 2, r.n) end
    error(r[2], 0)
  end
end
local function running()
  if I.is_run_thread() then return nil end
  return co_running()
end
X.coroutine = { create = co_create, resume = resume, yield = yield, wrap = wrap,
                status = co_status, running = running }

-- Suspending API functions return ok, value from C; errors found after the
-- wait (rejected approval, failed operator) come back as ok == false.
function X.unwrap(raw)
  return function(...)
    local ok, v = raw(...)
    if ok then return v end
    error(v, 0)
  end
end

-- runbook.step and the compensation stack (not reachable from the runbook).
local undo = {}
X.wrappers = {}
function X.wrappers.step(raw)
  return function(name, do_fn, undo_fn)
    local id = raw(name, do_fn, undo_fn)
    local r = pack(pcall(do_fn))
    if not r[1] then
      I.step_end(id, false, r[2])
      error(r[2], 0)
    end
    I.step_end(id, true, nil, undo_fn ~= nil)
    if undo_fn then undo[#undo + 1] = { fn = undo_fn, id = id } end
    return unpack(r, 2, r.n)
  end
end

function X.compensate()
  for i = #undo, 1, -1 do
    local u = undo[i]
    undo[i] = nil
    I.compensate_begin(u.id)
    local ok, err = pcall(u.fn)
    I.compensate_end(u.id, ok, err)
  end
end

function X.wrappers.wait_until(raw)
  return function(fn, opts)
    local timeout_s, interval_s, what, description = raw(fn, opts)
    local deadline = I.now() + timeout_s
    while true do
      local v = fn()
      if v then I.wait_done() return v end
      -- A dry-run checks once and goes on: it logs what it would wait for.
      if I.dry_run_wait(description, timeout_s) then return true end
      local left = deadline - I.now()
      if left <= 0 then I.wait_timeout(timeout_s) end
      local ok, e = I.sleep(interval_s < left and interval_s or left, what)
      if not ok then error(e, 0) end
    end
  end
end

local header, header_run
function X.wrappers.define(raw)
  return function(h)
    raw(h)
    header, header_run = h, h.run
    return h
  end
end

function X.runner(chunk)
  I.header_lines(true)   -- positions for errors of a tail-called define
  local h = chunk()
  I.header_lines(false)
  if header == nil or not rawequal(h, header) then I.no_header(h) end
  return header_run(I.params())
end

return X
)LUA";

std::once_flag g_once;
std::string g_bytecode;
std::string g_error;

void compile_once() { g_bytecode = compile_host_chunk(kPrelude, size_t(16) << 20, &g_error); }

}  // namespace

std::string compile_host_chunk(std::string_view source, size_t heap_limit, std::string* err) {
    Run scratch;
    scratch.alloc.limit = heap_limit;
    lua_State* L = lua_newstate(capped_alloc, &scratch);
    if (L == nullptr) {
        *err = "cannot create a Lua state";
        return "";
    }
    std::string bytecode;
    // Stripped (string.dump(f, true): no line info, no local names): a
    // host frame then reports line 0, so only the runbook's own frames
    // have a line and runbook_line (error_object.hpp) tells them apart by
    // asking for the line alone, without reading the chunk name ("S") on
    // every action call. Positions inside host code were never shown to
    // users as such ("medic:N" named no file they could open).
    if (luaL_loadbufferx(L, source.data(), source.size(), "=medic", "t") != 0) {
        *err = lua_tostring(L, -1);
    } else {
        lua_pushcfunction(L, luaopen_string);  // stack: f, open
        lua_call(L, 0, 1);                     // stack: f, string
        lua_getfield(L, -1, "dump");           // stack: f, string, dump
        lua_pushvalue(L, -3);
        lua_pushboolean(L, 1);
        if (lua_pcall(L, 2, 1, 0) != 0 || lua_type(L, -1) != LUA_TSTRING) {
            *err = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "string.dump failed";
        } else {
            size_t n = 0;
            const char* b = lua_tolstring(L, -1, &n);
            bytecode.assign(b, n);
        }
    }
    lua_close(L);
    return bytecode;
}

const char* prelude_source() { return kPrelude; }

void push_prelude(lua_State* L) {
    std::call_once(g_once, compile_once);
    if (!g_error.empty()) throw std::runtime_error("medic prelude: " + g_error);
    // The host's own bytecode, compiled above from kPrelude: the one place
    // mode "b" is used. Runbooks are always loaded with mode "t".
    if (luaL_loadbufferx(L, g_bytecode.data(), g_bytecode.size(), "=medic", "b") != 0)
        lua_error(L);
}

}  // namespace medic::lua
