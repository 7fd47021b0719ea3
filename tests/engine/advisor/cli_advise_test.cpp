// tests/engine/advisor/cli_advise_test.cpp: `medic advise` and `medic
// proposals` as a user runs them — the real binary against pdsim (and the
// replay server standing in for an LLM), a real SQLite file in a temp dir.
#include <catch2/catch.hpp>

#if defined(MEDIC_HAVE_PDSIM) && defined(MEDIC_BIN)

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>

#include "engine/advisor/json/json_value.hpp"
#include "replay_server.hpp"
#include "support/pdsim_process.hpp"

using namespace medic;
namespace fs = std::filesystem;

namespace {

struct Ran {
    int code = -1;
    std::string out;
};

Ran run(const std::string& args, const std::string& env = "") {
    std::string cmd = env + " " + MEDIC_BIN + " " + args + " 2>/dev/null";
    Ran r;
    FILE* p = popen(cmd.c_str(), "r");
    REQUIRE(p);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
    int st = pclose(p);
    r.code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return r;
}

std::string last_line(const std::string& s) {
    auto end = s.find_last_not_of('\n');
    auto start = s.rfind('\n', end);
    return s.substr(start == std::string::npos ? 0 : start + 1, end - (start == std::string::npos ? 0 : start + 1) + 1);
}

}  // namespace

TEST_CASE("advisor/cli: medic advise records rules and LLM decisions; medic proposals reads them", "[advisor][cli]") {
    if (!fs::exists(MEDIC_BIN)) FAIL("the medic binary was not built: " << MEDIC_BIN);
    fs::path dir = fs::temp_directory_path() / ("medic-cli-advise-" + std::to_string(std::random_device{}()));
    fs::create_directories(dir);
    std::string db = (dir / "medic.db").string();
    test::PdsimProcess sim({"--scenario", "hot-region", "--step", "--seed", "3", "--stores", "5", "--regions", "200"});
    sim.advance(30);

    Ran rules = run("advise --pd " + sim.url() + " --db " + db + " --json");
    INFO(rules.out);
    auto env = advisor::json::parse(last_line(rules.out));
    REQUIRE(env.ok());
    std::string outcome = env->find("outcome")->text;
    CHECK((outcome == "proposal" || outcome == "no_proposal"));
    CHECK(rules.code == 0);
    CHECK(env->find("source")->find("advisor")->text == "rules");

    test::ReplayServer llm;
    llm.enqueue(test::load_example("openai_error_401.json"));
    Ran viallm = run("advise --pd " + sim.url() + " --db " + db + " --llm openai --llm-url " + llm.url() +
                         " --model gpt-test --api-key-env MEDIC_CLI_TEST_KEY",
                     "MEDIC_CLI_TEST_KEY=sk-cli-SECRET-999");
    INFO(viallm.out);
    CHECK(viallm.code == 0);
    CHECK(viallm.out.find("LLM outcome: error_fatal") != std::string::npos);
    CHECK(viallm.out.find("fallback: LLM openai/gpt-test failed") != std::string::npos);
    CHECK(viallm.out.find("SECRET") == std::string::npos);
    REQUIRE(llm.requests().size() == 1);
    CHECK(llm.requests()[0].header("authorization") == "Bearer sk-cli-SECRET-999");

    Ran list = run("proposals list --db " + db);
    INFO(list.out);
    CHECK(list.code == 0);
    CHECK(list.out.find("error_fatal") != std::string::npos);
    CHECK(list.out.find("openai/gpt-test") != std::string::npos);
    Ran show = run("proposals show 2 --exchanges --db " + db + " --json");
    auto shown = advisor::json::parse(last_line(show.out));
    REQUIRE(shown.ok());
    CHECK(shown->find("outcome")->text == "error_fatal");
    const auto* ex = shown->find("exchanges");
    REQUIRE(ex);
    REQUIRE(ex->items.size() == 1);
    CHECK(ex->items[0].find("status")->int64() == 401);
    CHECK(show.out.find("SECRET") == std::string::npos);
    CHECK(run("proposals show 999 --db " + db).code == 1);
    CHECK(run("advise --llm openai --db " + db).code == 2);  // --llm needs --llm-url and --model
    fs::remove_all(dir);
}

#endif
