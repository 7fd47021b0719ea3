// gui/ui_map.cpp: serialises the button map and writes it atomically.
#include "ui_map.hpp"

#include <cmath>
#include <cstdio>

namespace medic::gui {

std::string UiMap::to_json(float origin_x, float origin_y) const {
    std::string out = "{";
    char buf[160];
    bool first = true;
    for (const auto& [name, r] : current_) {
        std::snprintf(buf, sizeof buf, "%s\"%s\":[%d,%d,%d,%d]", first ? "" : ",", name.c_str(),
                      static_cast<int>(std::lround(origin_x + r.x)),
                      static_cast<int>(std::lround(origin_y + r.y)), static_cast<int>(std::lround(r.w)),
                      static_cast<int>(std::lround(r.h)));
        out += buf;
        first = false;
    }
    out += first ? "\"values\":{" : ",\"values\":{";
    first = true;
    for (const auto& [name, v] : values_now_) {
        std::snprintf(buf, sizeof buf, "%s\"%s\":%lld", first ? "" : ",", name.c_str(),
                      static_cast<long long>(v));
        out += buf;
        first = false;
    }
    out += "}}\n";
    return out;
}

bool UiMap::end_frame(float origin_x, float origin_y) {
    if (path_.empty()) return false;
    std::string json = to_json(origin_x, origin_y);
    if (json == written_) return false;
    std::string tmp = path_ + ".tmp";
    std::FILE* f = std::fopen(tmp.c_str(), "w");
    if (!f) return false;
    bool ok = std::fwrite(json.data(), 1, json.size(), f) == json.size();
    ok = (std::fclose(f) == 0) && ok;
    if (!ok || std::rename(tmp.c_str(), path_.c_str()) != 0) return false;
    written_ = std::move(json);
    return true;
}

}  // namespace medic::gui
