// tests/engine/actions/forward_proxy.hpp: pass one request on to an upstream
// PD (pdsim) and copy its answer back, for the test proxies that stand
// between ActionService and pdsim and change or count some requests.
// Only for test files that already include httplib.h.
#pragma once

#include <httplib.h>

#include <string>

namespace medic::test {

/// GET or POST `req` (path and query) to `upstream`; 502 when it does not answer.
inline void forward_request(const std::string& upstream, const httplib::Request& req, httplib::Response& res) {
    httplib::Client c(upstream);
    std::string path = req.path;
    if (!req.params.empty()) {
        path += "?";
        for (const auto& [k, v] : req.params) path += k + "=" + v + "&";
        path.pop_back();
    }
    auto r = req.method == "GET" ? c.Get(path) : c.Post(path, req.body, "application/json");
    if (!r) {
        res.status = 502;
        return;
    }
    res.status = r->status;
    res.set_content(r->body, r->get_header_value("Content-Type").c_str());
}

}  // namespace medic::test
