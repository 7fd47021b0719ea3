// gui/ui_map.hpp: the screen rectangles of the key buttons, written as JSON
// ({"approve":[x,y,w,h],...,"values":{"proposal_id":12}}) to the file given by
// `medic gui --ui-map PATH` whenever they change, so a test driving the real
// window with xdotool knows where to click. Only items that are visible and
// enabled this frame are listed. Writing is atomic (temp file + rename).
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace medic::gui {

struct UiRect {
    float x = 0, y = 0, w = 0, h = 0;
    bool operator==(const UiRect&) const = default;
};

class UiMap {
public:
    explicit UiMap(std::string path) : path_(std::move(path)) {}

    /// Starts a frame: items not recorded again before end_frame() disappear.
    void begin_frame() { current_.clear(); values_now_.clear(); }
    /// Records an item's rectangle in window-content (ImGui) coordinates.
    void record(const std::string& name, UiRect r) { current_[name] = r; }
    void set_value(const std::string& name, std::int64_t v) { values_now_[name] = v; }
    /// Ends the frame; `origin` is the window's client origin on the screen.
    /// @return true when the file was (re)written.
    bool end_frame(float origin_x, float origin_y);

    const std::map<std::string, UiRect>& items() const { return current_; }
    const std::map<std::string, std::int64_t>& values() const { return values_now_; }
    /// @return the JSON text for the current frame with the given origin.
    std::string to_json(float origin_x, float origin_y) const;

private:
    std::string path_;
    std::map<std::string, UiRect> current_;
    std::map<std::string, std::int64_t> values_now_;
    std::string written_;  // last JSON written, to write only on change
};

}  // namespace medic::gui
