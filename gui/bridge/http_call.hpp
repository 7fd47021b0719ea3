// gui/bridge/http_call.hpp: one plain HTTP request with libcurl, used for
// pdsim's chaos API (not part of PD's API, so not in PdClient). Bounded by a
// timeout; never throws.
#pragma once

#include <string>

namespace medic::gui::bridge {

struct HttpReply {
    int status = 0;        // 0: no answer
    std::string body;
    std::string error;     // transport error text when status == 0
};

HttpReply http_call(const std::string& method, const std::string& url, const std::string& body, long timeout_ms);

}  // namespace medic::gui::bridge
