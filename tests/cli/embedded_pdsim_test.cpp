// tests/cli/embedded_pdsim_test.cpp: the pdsim that `medic monitor` starts
// when no --pd is given goes away with medic, also when medic is killed by
// a signal it cannot handle (SIGKILL): nothing is left listening.
#include <signal.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <string>
#include <thread>

#include "child.hpp"
#include "support/pdsim_process.hpp"

using medic::test::Child;
using medic::test::TempDir;

namespace {

/// Children of `parent` whose command line names pdsim.
std::vector<pid_t> pdsim_children(pid_t parent) {
    std::vector<pid_t> found;
    std::ifstream kids("/proc/" + std::to_string(parent) + "/task/" + std::to_string(parent) + "/children");
    for (pid_t pid; kids >> pid;) {
        std::ifstream cmd("/proc/" + std::to_string(pid) + "/cmdline");
        std::string argv0;
        std::getline(cmd, argv0, '\0');
        if (argv0.find("pdsim") != std::string::npos) found.push_back(pid);
    }
    return found;
}

bool gone(pid_t pid) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string pid_text, comm, state;
    if (!(stat >> pid_text >> comm >> state)) return true;
    return state == "Z" || state == "X";  // dead; a zombie waits for init to reap it
}

}  // namespace

TEST_CASE("medic monitor's embedded pdsim ends when medic is killed with SIGKILL", "[cli][pdsim]") {
    TempDir t;
    Child mon({MEDIC_BIN, "monitor", "--db", t / "m.db", "--interval", "0.5"},
              medic::test::medic_env(t));
    for (int i = 0; i < 100 && mon.err().find("watching") == std::string::npos; ++i) mon.wait_line("\x01", 0.1);
    INFO("stderr:\n" << mon.err());
    REQUIRE_THAT(mon.err(), Catch::Contains("embedded pdsim"));
    std::vector<pid_t> sims = pdsim_children(mon.pid());
    REQUIRE(sims.size() == 1);
    mon.signal(SIGKILL);
    mon.wait(10);
    bool ended = false;
    for (int i = 0; i < 200 && !ended; ++i) {
        ended = gone(sims[0]);
        if (!ended) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    CHECK(ended);
    if (!ended) ::kill(sims[0], SIGKILL);  // leave nothing behind either way
}
