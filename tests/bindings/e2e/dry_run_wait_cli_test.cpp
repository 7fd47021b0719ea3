// tests/bindings/e2e/dry_run_wait_cli_test.cpp: `medic run` (a dry-run, the
// real binary) of a runbook that waits up to 600 s for a condition that never
// holds finishes ok at once, its JSON logs saying what it would wait for.
#include <catch2/catch.hpp>

#include <string>

#include "cli/child.hpp"
#include "support/pdsim_process.hpp"

using medic::test::run;
using medic::test::TempDir;

TEST_CASE("medic run (dry-run) does not wait: a 600 s wait_until ends ok with its plan line", "[e2e][pdsim]") {
    TempDir t;
    std::string file = t.write("waits.lua", "return runbook.define{ name = 'waits', run = function(p)\n"
                                            "  runbook.wait(300)\n"
                                            "  runbook.wait_until(function() return false end, {timeout_s = 600})\n"
                                            "  log.info('after the waits')\n"
                                            "end }\n");
    // The normal timeout of a CLI test: a run that really waited 900 s
    // would be killed long before.
    auto r = run({MEDIC_BIN, "run", file, "--json", "--db", t / "medic.db"},
                 {"MEDIC_DB=" + t / "medic.db", "PDSIM_BIN=" + medic::test::pdsim_binary()}, 120);
    INFO("stdout:\n" << r.out << "\nstderr:\n" << r.err);
    CHECK(r.code == 0);
    CHECK_THAT(r.out, Catch::Contains("\"mode\":\"dry_run\""));
    CHECK_THAT(r.out, Catch::Contains("\"status\":\"ok\""));
    CHECK_THAT(r.out, Catch::Contains("\"where\":\"waits.lua:2\",\"message\":\"dry-run: would wait 300 s\""));
    CHECK_THAT(r.out, Catch::Contains("\"where\":\"waits.lua:3\",\"message\":\"dry-run: would wait until the "
                                      "condition holds, at most 600 s\""));
    CHECK_THAT(r.out, Catch::Contains("after the waits"));
}
