// tests/cli/runbook_source_test.cpp: what `medic run` and `medic lint` accept
// as a runbook file (bindings/runner/runbook_source.*), end to end through
// the real binary: a directory, a FIFO and a file over 1 MiB are refused with
// one clear line and exit 1, before any PD is contacted, and a FIFO never
// blocks the command (nothing writes to it here).
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <string>

#include "child.hpp"

using medic::test::medic_env;
using medic::test::run;
using medic::test::TempDir;

namespace {

const std::string kMedic = MEDIC_BIN;
const std::string kNowhere = "http://127.0.0.1:9";  // flags and files are checked first

}  // namespace

TEST_CASE("medic run and medic lint refuse what is not a runbook file", "[cli][runbook_source]") {
    TempDir t;
    std::string fifo = t / "pipe.lua";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    std::string big = t.write("big.lua", "return runbook.define{ name = 'x', run = function() end }\n--" +
                                             std::string(1 << 20, 'x') + "\n");
    struct Case {
        std::string path, message;
    } cases[] = {
        {t.path, "cannot read " + t.path + ": Is a directory"},
        {fifo, "cannot read " + fifo + ": not a regular file"},
        {big, big + " is larger than 1 MiB"},
        {t / "missing.lua", "cannot read " + (t / "missing.lua") + ": No such file or directory"},
    };
    for (const auto& c : cases) {
        auto r = run({kMedic, "run", "--pd", kNowhere, c.path}, medic_env(t), 20);
        INFO("run " << c.path << " -> " << r.code << " " << r.err);
        CHECK(r.code == 1);
        CHECK(r.err == "medic run: " + c.message + "\n");
        CHECK(r.out.empty());
        auto l = run({kMedic, "lint", c.path}, medic_env(t), 20);
        INFO("lint " << c.path << " -> " << l.code << " " << l.err);
        CHECK(l.code == 1);
        CHECK(l.err == "medic lint: " + c.message + "\n");
    }
    // The same reader still takes a good file.
    std::string good = t.write("good.lua", "return runbook.define{ name = 'good', run = function() end }\n");
    auto ok = run({kMedic, "lint", good}, medic_env(t), 20);
    CHECK(ok.code == 0);
    CHECK(ok.out == good + ": ok\n");
}
