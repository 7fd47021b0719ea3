// tests/gui/window_test.cpp: the real window under Xvfb. Starts pdsim and
// `medic gui`, breaks a store with a click on the Chaos panel, waits for the
// engine's proposal, clicks Approve with xdotool and checks in the SQLite
// audit trail that exactly that action was approved by the GUI user and
// executed; then the same for Reject and for the kill switch. Screenshots
// of each state are kept under the test's output directory. Without Xvfb,
// xdotool or ImageMagick the test warns and returns (CI installs them).
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <functional>
#include <thread>

#include "store/database.hpp"
#include "store/settings_store.hpp"
#include "support/pdsim_process.hpp"
#include "x11_driver.hpp"

using namespace medic;
namespace fs = std::filesystem;

namespace {

int g_run = 0;  // Catch2 re-runs the test case once per SECTION: one output dir each

/// Polls `pred` every 100 ms until it holds or `seconds` pass.
bool wait_for(const std::function<bool()>& pred, double seconds) {
    auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (std::chrono::steady_clock::now() < end) {
        if (pred()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return pred();
}

std::int64_t query_int(const std::string& db_path, const std::string& sql, std::int64_t a = 0,
                       const std::string& b = "") {
    auto db = store::Database::open(db_path);
    auto& q = db->prepare(sql);
    if (sql.find("?1") != std::string::npos) q.bind(1, a);
    if (sql.find("?2") != std::string::npos) q.bind(2, b);
    std::int64_t v = -1;
    if (q.step()) v = q.column_int(0);
    q.reset();
    return v;
}

struct Harness {
    fs::path out;
    std::string db, map;
    test::XDisplay x;
    test::PdsimProcess sim;
    std::optional<test::Child> gui;

    explicit Harness(fs::path dir)
        : out(std::move(dir)),
          db((out / "medic.db").string()),
          map((out / "ui_map.json").string()),
          x((out / "xvfb.log").string()),
          sim({"--scenario", "balanced", "--stores", "5", "--regions", "300", "--seed", "7"}) {}

    test::UiMapFile ui() const { return test::UiMapFile::read(map); }

    bool click(const std::string& name) const {
        auto m = ui();
        auto it = m.items.find(name);
        if (it == m.items.end()) return false;
        x.click(it->second.x + it->second.w / 2, it->second.y + it->second.h / 2);
        return true;
    }

    /// Waits until the GUI shows an open proposal with an enabled Approve or confirm box.
    std::int64_t wait_open_proposal(std::int64_t other_than) const {
        std::int64_t id = 0;
        wait_for([&] {
            auto m = ui();
            bool open = m.values["proposal_open"] == 1 && (m.items.count("approve") || m.items.count("confirm_input"));
            id = m.values["proposal_id"];
            return open && id != other_than;
        }, 90);
        return id;
    }

    /// The action the engine submitted for proposal `id` (waiting for approval).
    std::int64_t action_of(std::int64_t proposal) const {
        if (proposal < 0) return -proposal;
        return query_int(db, "SELECT id FROM actions WHERE proposal_id = ?1 ORDER BY id LIMIT 1", proposal);
    }
};

}  // namespace

TEST_CASE("gui/window: approve, reject and kill switch in a real window under Xvfb", "[gui][xvfb]") {
    for (const char* tool : {"Xvfb", "xdotool", "import"})
        if (!test::have_tool(tool)) {
            WARN(std::string("SKIPPED: ") + tool + " is not installed (apt-get install xvfb xdotool imagemagick)");
            return;
        }
    fs::path base = fs::path(MEDIC_GUI_TEST_OUT);
    if (g_run == 0) fs::remove_all(base);
    fs::path out = base / ("run" + std::to_string(++g_run));
    fs::create_directories(out);
    Harness h(out);
    {
        // The operator chose live execution with every action needing a person (autonomy 1).
        auto db = store::Database::open(h.db);
        store::set_setting(*db, "execution_mode", "live", "test");
        store::set_setting(*db, "autonomy", "1", "test");
    }
    h.gui.emplace(std::vector<std::string>{MEDIC_BIN, "gui", "--pd", h.sim.url(), "--db", h.db, "--layout", "fixed",
                                           "--ui-map", h.map, "--actor", "tester"},
                  std::map<std::string, std::string>{{"DISPLAY", h.x.name()}}, (out / "gui.log").string());
    REQUIRE(wait_for([&] { return h.ui().items.count("kill_switch") == 1; }, 60));
    h.x.screenshot((out / "01_started.png").string());

    // Break store 1 from the Chaos panel (its default target is the first store).
    REQUIRE(h.click("tab_Chaos"));
    REQUIRE(wait_for([&] { return h.ui().items.count("chaos_kill") == 1; }, 30));
    REQUIRE(h.click("chaos_kill"));
    REQUIRE(wait_for([&] { return h.sim.get("/chaos").body.find("kill") != std::string::npos; }, 10));

    SECTION("approve") {
        std::int64_t proposal = h.wait_open_proposal(0);
        REQUIRE(proposal != 0);
        std::int64_t action = h.action_of(proposal);
        REQUIRE(action > 0);
        h.x.screenshot((out / "02_proposal.png").string());
        if (h.ui().items.count("confirm_input")) {  // high risk: type the store id
            REQUIRE(h.click("confirm_input"));
            h.x.type(std::to_string(query_int(h.db, "SELECT json_extract(params, '$.store') FROM actions WHERE id = ?1", action)));
        }
        REQUIRE(wait_for([&] { return h.ui().items.count("approve") == 1; }, 10));
        REQUIRE(h.click("approve"));
        REQUIRE(wait_for([&] {
            return query_int(h.db, "SELECT count(*) FROM approvals WHERE action_id = ?1 AND decision = 'approved' "
                                   "AND decided_by = ?2", action, "gui:tester") == 1;
        }, 20));
        REQUIRE(wait_for([&] {
            return query_int(h.db, "SELECT count(*) FROM action_transitions WHERE action_id = ?1 AND to_status = 'executing'",
                             action) == 1;
        }, 30));
        // Exactly that action, and nothing else, was approved by the GUI user.
        CHECK(query_int(h.db, "SELECT count(*) FROM approvals WHERE decided_by = ?2", 0, "gui:tester") == 1);
        CHECK(query_int(h.db, "SELECT count(*) FROM audit WHERE actor = ?2 AND subject = 'action:' || ?1", action,
                        "gui:tester") >= 1);
        std::this_thread::sleep_for(std::chrono::milliseconds(600));
        h.x.screenshot((out / "03_approved.png").string());
    }

    SECTION("reject") {
        std::int64_t proposal = h.wait_open_proposal(0);
        REQUIRE(proposal != 0);
        std::int64_t action = h.action_of(proposal);
        REQUIRE(action > 0);
        REQUIRE(h.click("reject"));
        REQUIRE(wait_for([&] { return h.ui().items.count("reject_reason") == 1; }, 10));
        REQUIRE(h.click("reject_reason"));
        h.x.type("store is being replaced by hand");
        REQUIRE(wait_for([&] { return h.ui().items.count("reject_confirm") == 1; }, 10));
        h.x.screenshot((out / "04_rejecting.png").string());
        REQUIRE(h.click("reject_confirm"));
        REQUIRE(wait_for([&] {
            return query_int(h.db, "SELECT count(*) FROM approvals WHERE action_id = ?1 AND decision = 'rejected' "
                                   "AND decided_by = ?2", action, "gui:tester") == 1;
        }, 20));
        CHECK(query_int(h.db, "SELECT count(*) FROM action_transitions WHERE action_id = ?1 AND to_status = 'executing'",
                        action) == 0);
        CHECK(query_int(h.db, "SELECT count(*) FROM approvals WHERE decision = 'approved'") == 0);
        std::this_thread::sleep_for(std::chrono::milliseconds(600));
        h.x.screenshot((out / "05_rejected.png").string());
    }

    SECTION("kill switch") {
        REQUIRE(h.click("kill_switch"));
        REQUIRE(wait_for([&] {
            return query_int(h.db, "SELECT count(*) FROM settings WHERE key = 'kill_switch' AND value = 'on' AND "
                                   "updated_by = ?2", 0, "gui:tester") == 1;
        }, 20));
        CHECK(query_int(h.db, "SELECT count(*) FROM audit WHERE event = 'kill_switch_on' AND actor = ?2", 0,
                        "gui:tester") == 1);
        REQUIRE(wait_for([&] { return h.ui().items.count("kill_resume") == 1; }, 10));
        std::this_thread::sleep_for(std::chrono::milliseconds(600));
        h.x.screenshot((out / "06_kill_switch.png").string());
    }
}
