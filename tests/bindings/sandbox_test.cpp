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
        // O(n) C functions on big inputs: the limit is checked before each heavy call,
        // not only every 1000 instructions (each of which could be such a call)
        {"upper of a big string in a loop", "local s = ('x'):rep(4e6) while true do local u = s:upper() end",
         "E_LIMIT_CPU", ""},
        {"sort of a big table in a loop",
         "local t = {} for i = 1, 3e5 do t[i] = (i * 7919) % 3e5 end while true do table.sort(t) end", "E_LIMIT_CPU", ""},
        {"concat of a big table in a loop",
         "local t = {} for i = 1, 2e5 do t[i] = 'ab' end while true do local s = table.concat(t) end", "E_LIMIT_CPU", ""},
        {"insert at the front of a big table in a loop",
         "local t = {} for i = 1, 3e5 do t[i] = i end while true do table.insert(t, 1, 0) table.remove(t, 1) end",
         "E_LIMIT_CPU", ""},
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
        {"step flood (journal rows, host memory)", "while true do pcall(runbook.step, 's', function() end) end",
         "E_LIMIT_STEPS", "step count limit exceeded"},
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

TEST_CASE("sandbox: more hostile routes end their run cleanly (SANDBOX.md sections 1.3-1.10)", "[sandbox]") {
    const Case cases[] = {
        // 1.6: xpcall(f, f) recursion overflowing the stack (a type confusion on luajit2)
        {"xpcall(f, f) recursion", "local function f() return xpcall(f, f) end f() error('survived')", "", ""},
        // gsub and coroutines alternating: both nesting guards together stay far from the C stack
        {"gsub and coroutine.wrap alternating",
         "local function f() return (('x'):gsub('x', function() return coroutine.wrap(f)() end)) end f()",
         "E_LIMIT_NESTING", ""},
        {"sort comparator that resumes a coroutine that sorts",
         "local function cmp(a, b) coroutine.wrap(function() table.sort({3, 2, 1}, cmp) end)() return a < b end "
         "table.sort({3, 2, 1}, cmp)",
         "E_LIMIT_NESTING", ""},
        // 1.3: code that would run after the run ended
        {"print with a looping __tostring", "print(setmetatable({}, {__tostring = function() while true do end end}))",
         "E_LIMIT_CPU", ""},
        {"error object with a looping __tostring, uncaught",
         "error(setmetatable({}, {__tostring = function() while true do end end}))", "E_SCRIPT",
         "error value is a table"},
        // 1.4: cheap-looking calls that are not
        {"string.rep of the empty string", "local s = string.rep('', 1e12) assert(s == '') error('fast')", "E_SCRIPT",
         "fast"},
        {"string.rep with a huge separator count", "local s = string.rep('x', 2^31, ',')", "E_SCRIPT",
         "string.rep: result would be"},
        {"table with 100000 keys as action arguments",
         "local t = {} for i = 1, 100000 do t['k' .. i] = i end actions.transfer_leader(t)", "E_ARG_UNKNOWN",
         "is not a known argument"},
        {"table with 100000 known-looking keys as log fields",
         "local t = {} for i = 1, 100000 do t['k' .. i] = i end log.info('x', t)", "E_ARG_TYPE",
         "fields has more than 64 keys"},
        {"huge error message is cut", "error(('x'):rep(1e6))", "E_SCRIPT", "..."},
        {"control bytes in an error are escaped", "error('a\\27[2Jb\\0c\\nd')", "E_SCRIPT", "a\\x1b[2Jb\\x00c\\nd"},
        // 1.10: host-side conversions never crash on hostile numbers
        {"os.time with huge fields", "local ok = pcall(os.time, {year = 2^53, month = 1, day = 1}) error('done')",
         "E_SCRIPT", "done"},
        {"os.date with a huge time", "os.date('%c', 2^60)", "E_SCRIPT", "time out of range"},
        {"string.format with a huge width", "local ok, e = pcall(string.format, '%99999d', 1) assert(not ok) error(e)",
         "E_SCRIPT", "invalid"},
        {"find with a hostile init",
         "assert(('x'):find('x', -2^53) == 1) pcall(string.find, 'x', '', 2^31) pcall(string.find, 'x', '', 0/0) "
         "pcall(string.gsub, 'x', '', 'y', 2^53) pcall(string.match, 'x', '()', -2^63) error('ok')",
         "E_SCRIPT", "ok"},
        // 2.6: a yield the scheduler did not ask for
        {"yield through pcall in the run coroutine", "pcall(coroutine.yield, 1) error('still here')", "E_SCRIPT",
         "still here"},
        {"API call inside a coroutine resumed from gsub",
         "('x'):gsub('x', function() return coroutine.wrap(function() runbook.wait(1) end)() end)", "E_MODE",
         "cannot wait inside a coroutine"},
        // 2.2: the host's internals are not reachable
        {"getmetatable of an API table", "assert(getmetatable(actions) == false) error('locked')", "E_SCRIPT", "locked"},
        {"rawget on a proxy sees nothing", "assert(rawget(actions, 'transfer_leader') == nil) error('empty')", "E_SCRIPT",
         "empty"},
        {"next on a proxy sees nothing", "assert(next(string) == nil) error('empty')", "E_SCRIPT", "empty"},
        {"_G has no raw escape", "assert(rawget(_G, 'io') == nil and rawget(_G, 'debug') == nil) error('clean')",
         "E_SCRIPT", "clean"},
    };
    for (const auto& c : cases) {
        if (std::string(c.code).empty()) {  // an error or a limit, never a crash or a hang
            CHECK(run_lua(wrap_body(c.body)).status == medic::lua::RunStatus::Error);
            continue;
        }
        check_case(c);
    }
}

TEST_CASE("sandbox: bytecode with a shebang or BOM in front is refused too", "[sandbox]") {
    for (std::string prefix : {std::string("#!/usr/bin/env medic\n"), std::string("\xEF\xBB\xBF")}) {
        auto out = run_lua(prefix + std::string("\x1bLJ\x02\x00\x09@test.lua", 12));
        CHECK(out.code() == "E_SYNTAX");
    }
}

TEST_CASE("sandbox: the parser refuses absurd nesting instead of overflowing the C stack", "[sandbox]") {
    for (const char* open : {"(", "{", "- ", "not ", "#"}) {
        std::string src = "local x = ";
        for (int i = 0; i < 100000; i++) src += open;
        src += "1";
        auto out = run_lua(src);
        INFO(open << ": " << out.message());
        CHECK(out.code() == "E_SYNTAX");
    }
    std::string dos;
    for (int i = 0; i < 100000; i++) dos += "do ";
    CHECK(run_lua(dos).code() == "E_SYNTAX");
    std::string concat = "local x = 'a'";
    for (int i = 0; i < 100000; i++) concat += " .. 'a'";
    auto out = run_lua(concat + "\nreturn runbook.define{ name = 'c', run = function() end }");
    CHECK((out.code() == "E_SYNTAX" || out.code() == "ok"));  // refused or compiled, never a crash
}

TEST_CASE("sandbox: several runs in one host stay isolated in both directions", "[sandbox]") {
    // A run that fails on a limit must leave nothing behind for the next one.
    auto bomb = run_lua(wrap_body("local t = {} while true do t[#t + 1] = ('x'):rep(1000) .. #t end"));
    CHECK(bomb.code() == "E_LIMIT_MEMORY");
    auto cpu = run_lua(wrap_body("pcall(function() string.upper = nil end) while true do end"));
    CHECK(cpu.code() == "E_LIMIT_CPU");
    auto after = run_lua(wrap_body("assert(('x'):upper() == 'X') assert(collectgarbage('count') < 1024) "
                                   "local t = {} for i = 1, 1000 do t[i] = i end log.info('clean')"));
    CHECK(after.code() == "ok");
    CHECK(after.logged("clean"));
}

TEST_CASE("sandbox: log and print lines escape CR, LF, ESC and other control bytes", "[sandbox]") {
    auto out = run_lua(wrap_body("log.info('a\\r\\nb\\27[31mc\\tz') print('p\\27]0;title\\7q')"));
    REQUIRE(out.code() == "ok");
    REQUIRE(out.logs.size() == 2);
    CHECK(out.logs[0].message == "a\\r\\nb\\x1b[31mc\\tz");
    CHECK(out.logs[1].message == "p\\x1b]0;title\\x07q");
}
