// FactsCache without a PD: reuse within the max age, a refresh after it (a
// caller never gets an answer older than it allowed), clear() after a PD
// write, failed reads never kept, the reported age, the size bound.
#include "actions/facts_cache.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

using namespace medic;

namespace {

bool keep_positive(const int& v) { return v > 0; }

struct Source {
    std::atomic<int> calls{0};
    int next = 1;
    int fetch() {
        ++calls;
        return next;
    }
};

int get(actions::FactsCache& c, Source& s, int max_age_ms, int64_t& age, const std::string& key = "/stores") {
    return c.get<int>(key, max_age_ms, nullptr, std::function<int()>([&] { return s.fetch(); }), keep_positive, age);
}

}  // namespace

TEST_CASE("facts cache: reused while younger than the max age, then refreshed", "[facts_cache]") {
    actions::FactsCache c;
    Source s;
    int64_t age = -1;
    CHECK(get(c, s, 60000, age) == 1);
    CHECK(s.calls == 1);
    CHECK(age >= 0);
    s.next = 2;
    for (int i = 0; i < 10; ++i) CHECK(get(c, s, 60000, age) == 1);  // shared: no new read
    CHECK(s.calls == 1);
    CHECK(c.misses() == 1);
    // A caller allowing less than the entry's age gets a fresh read; the
    // sleep only makes the entry older than 1 ms (no timing is asserted).
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    CHECK(get(c, s, 1, age) == 2);
    CHECK(s.calls == 2);
    CHECK(get(c, s, 60000, age) == 2);  // and that answer is the one kept
    CHECK(s.calls == 2);
    CHECK(get(c, s, 60000, age, "/config/schedule") == 2);  // keys are separate
    CHECK(s.calls == 3);
}

TEST_CASE("facts cache: the age reported is the age of the answer served", "[facts_cache]") {
    actions::FactsCache c;
    Source s;
    int64_t age = -1;
    get(c, s, 60000, age);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    get(c, s, 60000, age);
    CHECK(age >= 20);
}

TEST_CASE("facts cache: clear() (a PD write) forces the next read; failures are never kept", "[facts_cache]") {
    actions::FactsCache c;
    Source s;
    int64_t age = 0;
    get(c, s, 60000, age);
    c.clear();
    s.next = 5;
    CHECK(get(c, s, 60000, age) == 5);
    CHECK(s.calls == 2);
    s.next = -1;  // a failed read (keep() says no)
    CHECK(get(c, s, 60000, age, "/region/id/9") == -1);
    s.next = 7;
    CHECK(get(c, s, 60000, age, "/region/id/9") == 7);  // asked again, not served the failure
    CHECK(s.calls == 4);
}

TEST_CASE("facts cache: bounded number of keys", "[facts_cache]") {
    actions::FactsCache c;
    Source s;
    int64_t age = 0;
    for (size_t i = 0; i < actions::FactsCache::kMaxEntries + 10; ++i)
        get(c, s, 60000, age, "/region/id/" + std::to_string(i));
    int before = s.calls;
    get(c, s, 60000, age, "/region/id/" + std::to_string(actions::FactsCache::kMaxEntries + 9));  // newest kept
    CHECK(s.calls == before);
    get(c, s, 60000, age, "/region/id/0");  // dropped to stay in bounds
    CHECK(s.calls == before + 1);
}
