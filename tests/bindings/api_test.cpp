// tests/bindings/api_test.cpp: the declared API: generated files are fresh,
// every function is documented, lint finds misuse without running.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "bindings/api/spec.hpp"
#include "bindings/emit/emit.hpp"
#include "bindings/lint/lint.hpp"

using namespace medic;

namespace {

std::string read(const std::string& rel) {
    std::ifstream in(std::string(MEDIC_SOURCE_DIR) + "/" + rel, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace

TEST_CASE("api: committed generated files match the spec (run `medic api` to refresh)", "[api]") {
    if (std::getenv("MEDIC_UPDATE_GOLDEN")) {  // same output as `medic api --luals ... --docs ... --luarc ...`
        std::ofstream(std::string(MEDIC_SOURCE_DIR) + "/workflows/types/medic.d.lua", std::ios::binary) << emit::luals();
        std::ofstream(std::string(MEDIC_SOURCE_DIR) + "/workflows/docs/api.md", std::ios::binary) << emit::markdown();
        std::ofstream(std::string(MEDIC_SOURCE_DIR) + "/workflows/.luarc.json", std::ios::binary) << emit::luarc();
    }
    CHECK(read("workflows/types/medic.d.lua") == emit::luals());
    CHECK(read("workflows/docs/api.md") == emit::markdown());
    CHECK(read("workflows/.luarc.json") == emit::luarc());
}

TEST_CASE("api: every function has docs, an example and known parameter domains", "[api]") {
    for (const api::ModuleSpec* m : api::all_modules()) {
        CHECK(std::string(m->doc).size() > 10);
        for (const auto& fn : m->fns) {
            INFO(m->name << "." << fn.name);
            CHECK(std::string(fn.doc).size() > 10);
            CHECK(std::string(fn.example).size() > 5);
            CHECK(fn.impl != nullptr);
            for (const auto& p : fn.params) CHECK(p.domain != nullptr);
        }
    }
}

TEST_CASE("lint: the example runbooks are clean", "[lint]") {
    for (const char* f : {"hello.lua", "drain_leaders.lua", "wait_for_store.lua"}) {
        auto findings = lint::lint_source(f, read(std::string("workflows/examples/") + f));
        std::string all;
        for (const auto& x : findings) all += x.message + "\n";
        INFO(f << ": " << all);
        CHECK(findings.empty());
    }
}

TEST_CASE("lint: misuse visible without running", "[lint]") {
    auto f = lint::lint_source("bad.lua",
                               "local x = io.open('f')\n"
                               "actions.transfer_leadr{ region = 1, to_store = 2 }\n"
                               "actions.transfer_leader{ region = 1, to_sotre = 2 }\n"
                               "cluster.store(4)\n");
    std::vector<std::string> msgs;
    for (const auto& x : f) msgs.push_back(x.message);
    std::vector<std::string> expected = {
        "bad.lua:1: io is not available in runbooks (sandbox)",
        "bad.lua:2: actions.transfer_leadr is not a runbook API function (see workflows/docs/api.md)",
        "bad.lua:3: transfer_leader: to_sotre is not a known argument (expected one of: region, to_store)",
        "bad.lua:3: transfer_leader: to_store is required but not given",
        "bad.lua: the runbook must end with `return runbook.define{...}` (no header found)"};
    CHECK(msgs == expected);
    auto syntax = lint::lint_source("s.lua", "return runbook.define{ name = 'x' run = 1 }");
    REQUIRE(syntax.size() == 1);
    CHECK(syntax[0].message.rfind("s.lua:1:", 0) == 0);
    CHECK(lint::lint_source("ok.lua", "-- io.open in a comment\nlocal s = 'debug.traceback'\n"
                                      "return runbook.define{ name = 'ok', run = function(p)\n"
                                      "  actions.transfer_leader{ region = 1, to_store = 2 }\nend }\n")
              .empty());
}
