// tests/bindings/sandbox_test.cpp: hostile runbooks against the sandbox:
// escapes, CPU and memory exhaustion, C-stack recursion, persistence between
// runs, bytecode. Each must end its own run with a clear error and leave the
// host (this process) and the next run untouched.
#include <catch2/catch.hpp>

#include "run_helper.hpp"

using medic::test::run_lua;
using medic::test::wrap_body;

namespace {

struct Case {
    const char* name;
    const char* body;
    const char* code;     // expected error code ("ok" when the run must succeed)
    const char* message;  // expected substring of the one-line failure ("" = any)
};

void check_case(const Case& c) {
    INFO(c.name);
    auto out = run_lua(wrap_body(c.body));
    INFO(out.message());
    CHECK(out.code() == c.code);
    if (*c.message) CHECK(out.message().find(c.message) != std::string::npos);
}

}  // namespace

TEST_CASE("sandbox: CPU exhaustion in every loop shape ends the run", "[sandbox]") {
    const Case cases[] = {
        {"while true", "while true do end", "E_LIMIT_CPU", "test.lua:2: cpu time limit exceeded"},
        {"counter loop", "local i = 0 while true do i = i + 1 end", "E_LIMIT_CPU", ""},
        {"numeric for to huge", "for i = 1, math.huge do end", "E_LIMIT_CPU", ""},
        {"table store loop", "local t = {} local i = 0 while true do i = (i + 1) % 100 t[i] = i end", "E_LIMIT_CPU", ""},
        {"repeat", "repeat until false", "E_LIMIT_CPU", ""},
        {"lua call loop", "local function f(x) return x + 1 end local y = 0 while true do y = f(y) end", "E_LIMIT_CPU", ""},
        {"string method loop", "while true do local s = (\"x\"):rep(3) end", "E_LIMIT_CPU", ""},
        {"endless tail call", "local function f() return f() end f()", "E_LIMIT_CPU", ""},
        {"pcall swallowing", "while true do pcall(function() while true do end end) end", "E_LIMIT_CPU", ""},
        {"xpcall handler loop", "xpcall(function() while true do end end, function() while true do end end)",
         "E_LIMIT_CPU", ""},
        {"xpcall handler after error", "xpcall(function() error('x') end, function() while true do end end)",
         "E_LIMIT_CPU", ""},
        {"loop in coroutine.wrap", "coroutine.wrap(function() while true do end end)()", "E_LIMIT_CPU", ""},
        {"resume swallowing", "while true do coroutine.resume(coroutine.create(function() while true do end end)) end",
         "E_LIMIT_CPU", ""},
        {"__index loop", "local t = setmetatable({}, {__index = function() while true do end end}) local x = t.a",
         "E_LIMIT_CPU", ""},
        {"__tostring tail loop",
         "local mt = {} mt.__tostring = function(s) return tostring(s) end local x = tostring(setmetatable({}, mt))",
         "", ""},
        {"pattern backtracking bomb", "local s = ('a'):rep(40) return s:find(('a*'):rep(12) .. 'b')", "E_LIMIT_CPU", ""},
        {"gmatch bomb", "for x in ('a'):rep(5000):gmatch(('a*'):rep(6) .. 'b') do end", "E_LIMIT_CPU", ""},
        {"gsub bomb", "local s = ('a'):rep(3000):gsub(('a-'):rep(6) .. 'b', 'x')", "E_LIMIT_CPU", ""},
        {"error handler table loop",
         "while true do local ok = pcall(error, setmetatable({}, {__tostring = function() while true do end end})) end",
         "E_LIMIT_CPU", ""},
    };
    for (const auto& c : cases) {
        if (std::string(c.code).empty()) {  // either a stack overflow error or the CPU limit, never a hang
            auto out = run_lua(wrap_body(c.body));
            CHECK(out.status == medic::lua::RunStatus::Error);
            continue;
        }
        check_case(c);
    }
}

TEST_CASE("sandbox: memory exhaustion ends the run at the cap", "[sandbox]") {
    const Case cases[] = {
        {"string.rep 2^30", "local s = string.rep('x', 2^30)", "E_SCRIPT", "string.rep: result would be"},
        {"doubling concat", "local s = 'x' while true do s = s .. s end", "E_LIMIT_MEMORY", "memory limit exceeded"},
        {"table fill", "local t = {} local i = 0 while true do i = i + 1 t[i] = {i} end", "E_LIMIT_MEMORY", ""},
        {"pcall around oom", "while true do pcall(function() local s = 'x' while true do s = s .. s end end) end",
         "E_LIMIT_MEMORY", ""},
        {"many coroutines", "local t = {} for i = 1, 1e7 do t[i] = coroutine.create(print) end", "E_LIMIT_MEMORY", ""},
        {"rep with separator", "local s = string.rep('x', 1e6, ('y'):rep(100))", "E_SCRIPT", "string.rep"},
        {"gsub huge replacement", "local r = ('x'):rep(1e6) local s = ('a'):rep(1000):gsub('a', r)",
         "E_LIMIT_MEMORY", ""},
        {"unpack huge", "local t = {} unpack(t, 1, 1e7)", "E_SCRIPT", "too many results to unpack"},
        {"log flood", "while true do log.info(('x'):rep(1000)) end", "E_LIMIT_LOG", "log output limit exceeded"},
        {"print flood", "while true do print('spam') end", "E_LIMIT_LOG", ""},
        {"pcall around log flood", "while true do pcall(log.info, ('x'):rep(1000)) end", "E_LIMIT_LOG", ""},
        {"recursive pcall", "local function f() pcall(f) end f() error('survived')", "E_SCRIPT", "survived"},
        {"table.concat huge", "local t = {} for i = 1, 100 do t[i] = ('x'):rep(1e6) end local s = table.concat(t)",
         "E_LIMIT_MEMORY", ""},
    };
    for (const auto& c : cases) check_case(c);
}

TEST_CASE("sandbox: C-stack recursion through callbacks is refused, not a crash", "[sandbox]") {
    const Case cases[] = {
        {"gsub callback that gsubs", "local function f(s) return (s:gsub('.', f)) end f('abc')", "E_LIMIT_NESTING", ""},
        {"coroutine.wrap inside itself", "local function f() coroutine.wrap(f)() end f()", "E_LIMIT_NESTING", ""},
        {"table.sort comparator that sorts",
         "local function cmp(a, b) table.sort({3, 2, 1}, cmp) return a < b end table.sort({3, 2, 1}, cmp)",
         "E_LIMIT_NESTING", ""},
        {"__lt metamethod that sorts",
         "local mt = {} mt.__lt = function(a, b) table.sort({setmetatable({}, mt), setmetatable({}, mt)}) return false end "
         "table.sort({setmetatable({}, mt), setmetatable({}, mt)})",
         "E_LIMIT_NESTING", ""},
        {"string.format with __tostring",
         "local t = setmetatable({}, {__tostring = function(s) return string.format('%s', s) end}) "
         "local x = string.format('%s', t)",
         "E_SCRIPT", "string or number expected"},
        {"plain recursion", "local function f() return 1 + f() end f()", "E_SCRIPT", "stack overflow"},
        {"__index recursion", "local t = setmetatable({}, {}) getmetatable(t).__index = function(s, k) return s[k] end local x = t.x",
         "E_SCRIPT", "stack overflow"},
        {"__concat recursion", "local mt = {} mt.__concat = function(a, b) return a .. b end local x = setmetatable({}, mt) .. 'x'",
         "E_SCRIPT", "stack overflow"},
        {"os.time with __index", "local t = setmetatable({}, {__index = function(t) return os.time(t) end}) os.time(t)",
         "E_SCRIPT", "metatable"},
        {"gsub table with __index recursion",
         "local t = setmetatable({}, {}) getmetatable(t).__index = function(_, k) return (('x'):gsub('x', t)) end "
         "local s = ('x'):gsub('x', t)",
         "E_LIMIT_NESTING", ""},
    };
    for (const auto& c : cases) check_case(c);
}

TEST_CASE("sandbox: escape routes are closed", "[sandbox]") {
    const Case cases[] = {
        {"io", "local x = io", "E_GLOBAL", "runbook attempted to read undefined global 'io'"},
        {"debug", "local x = debug", "E_GLOBAL", "'debug'"},
        {"jit", "local x = jit", "E_GLOBAL", "'jit'"},
        {"ffi", "local x = ffi", "E_GLOBAL", "'ffi'"},
        {"require", "require('ffi')", "E_GLOBAL", "'require'"},
        {"package", "local x = package", "E_GLOBAL", "'package'"},
        {"load", "load('return 1')", "E_GLOBAL", "'load'"},
        {"loadstring", "loadstring('return 1')", "E_GLOBAL", "'loadstring'"},
        {"dofile", "dofile('/etc/passwd')", "E_GLOBAL", "'dofile'"},
        {"loadfile", "loadfile('/etc/passwd')", "E_GLOBAL", "'loadfile'"},
        {"getfenv", "getfenv(0)", "E_GLOBAL", "'getfenv'"},
        {"setfenv", "setfenv(1, {})", "E_GLOBAL", "'setfenv'"},
        {"newproxy", "newproxy(true)", "E_GLOBAL", "'newproxy'"},
        {"gcinfo", "gcinfo()", "E_GLOBAL", "'gcinfo'"},
        {"module", "module('x')", "E_GLOBAL", "'module'"},
        {"os.execute", "os.execute('true')", "E_SCRIPT", "attempt to call field 'execute'"},
        {"os.getenv", "local x = os.getenv('HOME')", "E_SCRIPT", "attempt to call field 'getenv'"},
        {"os.exit", "os.exit(1)", "E_SCRIPT", "attempt to call field 'exit'"},
        {"string.dump", "string.dump(print)", "E_SCRIPT", "attempt to call field 'dump'"},
        {"(\"\").dump", "local d = ('').dump(function() end)", "E_SCRIPT", "attempt to call field 'dump'"},
        {"string metatable", "local mt = getmetatable('') assert(mt == false) local x = mt.__index", "E_SCRIPT",
         "attempt to index"},
        {"collectgarbage collect", "collectgarbage('collect')", "E_SCRIPT", "only \"count\""},
        {"collectgarbage stop", "collectgarbage('stop')", "E_SCRIPT", "only \"count\""},
        {"write API table", "actions.transfer_leader = print", "E_GLOBAL", "read-only table 'actions'"},
        {"write string table", "string.upper = function() return 'PWNED' end", "E_GLOBAL", "read-only table 'string'"},
        {"rawset on API table", "rawset(string, 'upper', print)", "E_SCRIPT", "rawset: table is read-only"},
        {"rawset on _G", "rawset(_G, 'x', 1)", "E_SCRIPT", "rawset: table is read-only"},
        {"setmetatable on API table", "setmetatable(log, {})", "E_SCRIPT", "protected metatable"},
        {"global write", "x = 1", "E_GLOBAL", "runbook attempted to write global 'x'"},
        {"global function", "function helper() end", "E_GLOBAL", "write global 'helper'"},
        {"_G metatable", "local mt = getmetatable(_G) assert(mt == false) setmetatable(_G, nil)", "E_SCRIPT",
         "protected metatable"},
        {"yield the run coroutine", "coroutine.yield(1)", "E_SCRIPT", "attempt to yield from outside a coroutine"},
        {"running() hides the run thread", "assert(coroutine.running() == nil) error('fine')", "E_SCRIPT", "fine"},
        {"wait inside a script coroutine", "coroutine.wrap(function() runbook.wait(1) end)()", "E_MODE",
         "cannot wait inside a coroutine created by the runbook"},
        {"wait_until inside a script coroutine",
         "coroutine.wrap(function() runbook.wait_until(function() return false end) end)()", "E_MODE", ""},
        {"print a table with __tostring", "print(setmetatable({}, {__tostring = function() return 'ok' end}))", "ok", ""},
        {"os.date bad time", "os.date('%c', 0/0)", "E_SCRIPT", "time out of range"},
        {"safe functions work",
         "assert(math.floor(2.5) == 2) assert(bit.band(6, 3) == 2) assert(('abc'):upper() == 'ABC') "
         "assert(select('#', 1, 2) == 2) assert(type(os.time()) == 'number') assert(type(os.clock()) == 'number') "
         "assert(('a,b'):find(',', 1, true) == 2) assert(('key=val'):match('(%w+)=(%w+)') == 'key') "
         "assert(('hello world'):gsub('o', '0') == 'hell0 w0rld') "
         "local n = 0 for w in ('a b c'):gmatch('%a') do n = n + 1 end assert(n == 3) "
         "assert(string.format('%d-%s', 3, 'x') == '3-x') local t = {3, 1, 2} table.sort(t) assert(t[1] == 1) "
         "assert(('%bxy'):len() == 4) assert(('THE (quick) fox'):find('%((%a+)%)') == 5) "
         "assert(('f(a(b)c)'):match('%b()') == '(a(b)c)') assert(('THE END'):find('%f[%a]%a+', 2) == 5) "
         "assert(xpcall(function() return 1 end, print) == true) "
         "local ok, e = pcall(error, {code = 1}) assert(not ok and e.code == 1) "
         "assert(collectgarbage('count') > 0) assert(tostring(nil) == 'nil')",
         "ok", ""},
    };
    for (const auto& c : cases) check_case(c);
}

TEST_CASE("sandbox: bytecode is never loaded", "[sandbox]") {
    std::string dumped = "\x1bLJ\x02\x00\x09@test.lua";
    auto out = run_lua(dumped);
    CHECK(out.code() == "E_SYNTAX");
    INFO(out.message());
    CHECK(out.message().find("wrong mode") != std::string::npos);
}

TEST_CASE("sandbox: nothing a run changes survives into the next run", "[sandbox]") {
    auto first = run_lua(wrap_body(
        "pcall(function() string.upper = function() return 'PWNED' end end) "
        "pcall(rawset, string, 'upper', function() return 'PWNED' end) "
        "pcall(function() getmetatable('').__index.upper = function() return 'PWNED' end end) "
        "math.randomseed(42)"));
    CHECK(first.code() == "ok");
    auto second = run_lua(wrap_body("assert(('x'):upper() == 'X', 'string.upper was changed') "
                                    "assert(string.upper('x') == 'X')"));
    CHECK(second.code() == "ok");
}

TEST_CASE("sandbox: limit errors cannot be swallowed by error handlers or finalizers", "[sandbox]") {
    // A __gc on a table does nothing in Lua 5.1; newproxy is absent; so no
    // script code runs at lua_close.
    auto out = run_lua(wrap_body("setmetatable({}, {__gc = function() while true do end end}) error('done')"));
    CHECK(out.code() == "E_SCRIPT");
    auto oom = run_lua(wrap_body("local ok, e = pcall(function() local t = {} while true do t[#t + 1] = ('x'):rep(1000) .. #t end end) "
                                 "log.info('survived: ' .. tostring(e)) while true do end"));
    CHECK(oom.code() == "E_LIMIT_MEMORY");
}
