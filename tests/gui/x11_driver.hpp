// tests/gui/x11_driver.hpp: drives a real X display for the window test:
// starts Xvfb on a free display number, runs child processes with DISPLAY
// set, clicks with xdotool (press, 0.2 s, release: ImGui needs the button
// held for a frame), types, takes screenshots with ImageMagick, and reads
// the rectangles `medic gui --ui-map` writes.
#pragma once

#include <sys/types.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace medic::test {

/// True when `tool` is on PATH.
bool have_tool(const std::string& tool);

/// A child process; the destructor sends SIGTERM, then SIGKILL after 3 s.
class Child {
public:
    Child(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
          const std::string& log_path);
    ~Child();
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;
    bool running();
    pid_t pid() const { return pid_; }

private:
    pid_t pid_ = -1;
};

class XDisplay {
public:
    /// Starts Xvfb 1280x800x24 on the first free display from :91. Throws on failure.
    explicit XDisplay(const std::string& log_path);
    const std::string& name() const { return name_; }  ///< ":91"
    /// Runs a shell command with DISPLAY set; returns its exit status.
    int run(const std::string& cmd) const;
    void click(int x, int y) const;
    void type(const std::string& text) const;
    void screenshot(const std::string& png_path) const;

private:
    std::string name_;
    std::optional<Child> xvfb_;
};

struct UiMapEntry {
    int x = 0, y = 0, w = 0, h = 0;
};

/// Reads the ui map file: entries by name plus the "values" numbers.
struct UiMapFile {
    std::map<std::string, UiMapEntry> items;
    std::map<std::string, long long> values;
    static UiMapFile read(const std::string& path);
};

}  // namespace medic::test
