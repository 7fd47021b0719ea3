// Same seed, same steps => identical clusters and evolution.
#include <catch2/catch.hpp>

#include <algorithm>

#include "util.hpp"

using medic::test::PdsimProcess;

namespace {
std::vector<std::string> region_set(const PdsimProcess& sim) {
  simdjson::dom::parser p;
  auto body = sim.get("/pd/api/v1/regions").body;
  std::vector<std::string> out;
  for (auto r : simdjson::dom::array(p.parse(body)["regions"])) out.push_back(simdjson::minify(r));
  std::sort(out.begin(), out.end());
  return out;
}
}  // namespace

TEST_CASE("two processes with one seed evolve identically in step mode", "[pdsim][determinism]") {
  std::vector<std::string> args = {"--scenario", "store-down", "--stores", "5", "--regions", "80", "--seed", "7", "--step"};
  PdsimProcess a(args), b(args);
  CHECK(region_set(a) == region_set(b));
  for (double s : {30.0, 600.0, 1800.0, 300.0}) {
    a.advance(s);
    b.advance(s);
  }
  auto ra = region_set(a);
  CHECK(ra == region_set(b));
  PdsimProcess c({"--scenario", "store-down", "--stores", "5", "--regions", "80", "--seed", "8", "--step"});
  c.advance(2730);
  CHECK(ra != region_set(c));
}
