// Request-body JSON for pdsim: a syntax check that reproduces Go's
// encoding/json SyntaxError texts and offsets (PD returns them verbatim in
// its errcode body), then parsing with simdjson's DOM API. Request bodies
// are small; simdjson is the project's JSON parser.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include <simdjson.h>

namespace pdsim {

struct GoSyntaxError {
  std::string msg;
  size_t offset;
};

/// nullopt when `body` is valid JSON, else Go's json.Unmarshal syntax error.
std::optional<GoSyntaxError> go_json_check(std::string_view body);

struct Ctx;
/// PD's apiutil.ReadJSONRespondError: on a syntax error writes the 400
/// errcode response and returns false; otherwise parses into `out`.
bool read_json_body(Ctx& ctx, simdjson::dom::parser& parser, simdjson::dom::element& out);

/// A JSON number as float64 the way PD's map[string]interface{} decoding
/// sees it; nullopt when v is not a number.
std::optional<double> json_number(const simdjson::dom::element& v);
/// float64 -> uint64 like Go's conversion for in-range values; 0 otherwise.
uint64_t go_u64_of(double v);

}  // namespace pdsim
