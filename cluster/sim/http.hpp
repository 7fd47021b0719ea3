// pdsim's HTTP layer without httplib in the interface: a small request /
// response pair, PD's renderers (rd.JSON, rd.Data, text/plain, errcode),
// and a router with PD's 404 / 405 behaviour. Route handlers live in
// http_<resource>.cpp and register themselves through register_*_routes.
#pragma once
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "sim/sim.hpp"

namespace pdsim {

struct HttpRequest {
  std::string method;
  std::string path;  // raw (still %-escaped) path without the query
  std::multimap<std::string, std::string> query;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;

  bool has_query(const std::string& k) const { return query.count(k) > 0; }
  std::string query_value(const std::string& k) const;
  std::vector<std::string> query_values(const std::string& k) const;
  std::string header(const std::string& lower_name) const;
};

using StreamWriter = std::function<bool(const char*, size_t)>;

struct HttpResponse {
  int status = 200;
  std::string content_type;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  /// Optional streamed body (large region lists); called once with a writer.
  std::function<void(const StreamWriter&)> stream;
};

inline constexpr const char* kJsonType = "application/json; charset=UTF-8";
inline constexpr const char* kDataType = "application/octet-stream";
inline constexpr const char* kTextType = "text/plain; charset=utf-8";

struct Ctx {
  Sim& sim;
  const HttpRequest& req;
  HttpResponse& res;
  std::vector<std::string> params;  // unescaped {placeholders}
  int member = 0;                   // index of the serving PD member

  /// rd.JSON: body is an indented document; a "\n" is appended.
  void json(int status, std::string doc);
  /// rd.JSON of a Go string: "msg"\n.
  void json_string(int status, std::string_view msg);
  /// rd.Data: compact bytes, application/octet-stream, no newline.
  void data(int status, std::string body);
  /// http.Error: text/plain + "\n".
  void text(int status, std::string_view msg);
  /// errcode input error (TiDB-Error-Code: input), data is a JSON object.
  void errcode_input(std::string_view msg, std::string_view data_json);
};

using Handler = std::function<void(Ctx&)>;

class Router {
 public:
  void add(const std::string& method, const std::string& pattern, Handler h);
  /// Dispatches; sets 404 text or 405 empty when nothing matches.
  void dispatch(Ctx& ctx) const;

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segs;  // "{x}" placeholder, "{x...}" rest of path
    Handler h;
  };
  static bool match(const Route& r, const std::vector<std::string>& segs, std::vector<std::string>& params);
  std::vector<Route> routes_;
};

void register_store_routes(Router& r);
void register_region_routes(Router& r);
void register_operator_routes(Router& r);
void register_scheduler_routes(Router& r);
void register_config_routes(Router& r);
void register_misc_routes(Router& r);
void register_chaos_routes(Router& r);
void register_hotspot_routes(Router& r);

/// Parses an unsigned id like Go's strconv.ParseUint; err gets Go's text.
bool parse_u64(std::string_view s, uint64_t& out, std::string* err);

}  // namespace pdsim
