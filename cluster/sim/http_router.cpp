// Router and renderers of pdsim's HTTP layer (see http.hpp).
#include <charconv>

#include "sim/format.hpp"
#include "sim/http.hpp"

namespace pdsim {

std::string HttpRequest::query_value(const std::string& k) const {
  auto it = query.find(k);
  return it == query.end() ? std::string() : it->second;
}

std::vector<std::string> HttpRequest::query_values(const std::string& k) const {
  std::vector<std::string> v;
  auto [a, b] = query.equal_range(k);
  for (auto it = a; it != b; ++it) v.push_back(it->second);
  return v;
}

std::string HttpRequest::header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? std::string() : it->second;
}

void Ctx::json(int status, std::string doc) {
  res.status = status;
  res.content_type = kJsonType;
  doc.push_back('\n');
  res.body = std::move(doc);
}

void Ctx::json_string(int status, std::string_view msg) {
  std::string s;
  append_json_string(s, msg);
  json(status, std::move(s));
}

void Ctx::data(int status, std::string body) {
  res.status = status;
  res.content_type = kDataType;
  res.body = std::move(body);
}

void Ctx::text(int status, std::string_view msg) {
  res.status = status;
  res.content_type = kTextType;
  res.body = std::string(msg) + "\n";
}

void Ctx::errcode_input(std::string_view msg, std::string_view data_json) {
  std::string doc = "{\n  \"code\": \"input\",\n  \"msg\": ";
  append_json_string(doc, msg);
  doc += ",\n  \"data\": ";
  doc += data_json;
  doc += "\n}";
  res.headers.emplace_back("TiDB-Error-Code", "input");
  json(400, std::move(doc));
}

namespace {
std::vector<std::string> split_path(std::string_view p) {
  std::vector<std::string> segs;
  size_t i = 0;
  while (i <= p.size()) {
    size_t j = p.find('/', i);
    if (j == std::string_view::npos) j = p.size();
    if (j > i) segs.emplace_back(p.substr(i, j - i));
    i = j + 1;
  }
  return segs;
}
}  // namespace

void Router::add(const std::string& method, const std::string& pattern, Handler h) {
  routes_.push_back({method, split_path(pattern), std::move(h)});
}

bool Router::match(const Route& r, const std::vector<std::string>& segs, std::vector<std::string>& params) {
  params.clear();
  for (size_t i = 0; i < r.segs.size(); ++i) {
    const std::string& p = r.segs[i];
    bool rest = p.size() > 5 && p.compare(p.size() - 4, 4, "...}") == 0;
    if (rest) {
      if (i >= segs.size()) return false;
      std::string joined;
      for (size_t k = i; k < segs.size(); ++k) joined += (k > i ? "/" : "") + segs[k];
      auto u = url_unescape(joined);
      params.push_back(u ? *u : joined);
      return true;
    }
    if (i >= segs.size()) return false;
    if (!p.empty() && p[0] == '{') {
      auto u = url_unescape(segs[i]);
      params.push_back(u ? *u : segs[i]);
    } else if (p != segs[i]) {
      return false;
    }
  }
  return r.segs.size() == segs.size();
}

void Router::dispatch(Ctx& ctx) const {
  std::vector<std::string> segs = split_path(ctx.req.path);
  bool path_known = false;
  std::vector<std::string> params;
  for (const Route& r : routes_) {
    if (!match(r, segs, params)) continue;
    path_known = true;
    std::string m = ctx.req.method == "HEAD" ? "GET" : ctx.req.method;
    if (r.method != m) continue;
    ctx.params = params;
    r.h(ctx);
    return;
  }
  if (path_known) {
    ctx.res.status = 405;
    ctx.res.body.clear();
    ctx.res.content_type.clear();
    return;
  }
  ctx.text(404, "404 page not found");
}

bool parse_u64(std::string_view s, uint64_t& out, std::string* err) {
  auto fail = [&](const char* why) {
    if (err) {
      std::string q;
      append_json_string(q, s);  // Go's %q of the input
      *err = "strconv.ParseUint: parsing " + q + ": " + why;
    }
    return false;
  };
  if (s.empty()) return fail("invalid syntax");
  for (char c : s)
    if (c < '0' || c > '9') return fail("invalid syntax");
  auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  if (r.ec == std::errc::result_out_of_range) return fail("value out of range");
  return r.ec == std::errc() && r.ptr == s.data() + s.size() ? true : fail("invalid syntax");
}

}  // namespace pdsim
