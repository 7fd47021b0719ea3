// tests/bindings/golden_test.cpp: the one runner of tests/golden/errors.
// Each <name>.lua is a small runbook; <name>.expected holds the exact
// one-line failure (tostring of the error). A script runs as a dry-run
// unless it has a line `-- mode: live` (put it last: lines stay as they are),
// for messages only a real wait can produce. MEDIC_UPDATE_GOLDEN=1 rewrites
// the expected files (review the diff before committing).
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "run_helper.hpp"

namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string trim(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
    return s;
}

}  // namespace

TEST_CASE("golden/errors: every API misuse message is pinned", "[golden]") {
    fs::path dir = fs::path(MEDIC_SOURCE_DIR) / "tests/golden/errors";
    bool update = std::getenv("MEDIC_UPDATE_GOLDEN") != nullptr;
    int count = 0;
    for (const auto& entry : fs::directory_iterator(dir)) {
        if (entry.path().extension() != ".lua") continue;
        count++;
        auto limits = medic::test::test_limits();
        limits.cpu_s = 0.2;
        std::string src = read_file(entry.path());
        bool live = ("\n" + src + "\n").find("\n-- mode: live\n") != std::string::npos;
        auto out = medic::test::run_lua(src, limits, live ? medic::lua::RunMode::Live : medic::lua::RunMode::DryRun,
                                        {}, nullptr, entry.path().filename().string());
        std::string got = out.status == medic::lua::RunStatus::Ok ? "ok" : out.message();
        fs::path expected = entry.path();
        expected.replace_extension(".expected");
        if (update) {
            std::ofstream(expected, std::ios::binary) << got << "\n";
            continue;
        }
        INFO(entry.path().filename().string());
        REQUIRE(fs::exists(expected));
        CHECK(got == trim(read_file(expected)));
    }
    CHECK(count >= 40);
}
