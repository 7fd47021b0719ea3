// tests/gui/x11_driver.cpp: see x11_driver.hpp.
#include "x11_driver.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace medic::test {

bool have_tool(const std::string& tool) {
    return std::system(("command -v " + tool + " >/dev/null 2>&1").c_str()) == 0;
}

Child::Child(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
             const std::string& log_path) {
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
        ::setpgid(0, 0);
        for (const auto& [k, v] : env) ::setenv(k.c_str(), v.c_str(), 1);
        int fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd >= 0) {
            ::dup2(fd, 1);
            ::dup2(fd, 2);
            ::close(fd);
        }
        std::vector<char*> args;
        for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        ::execvp(args[0], args.data());
        std::_Exit(127);
    }
}

bool Child::running() {
    if (pid_ <= 0) return false;
    int st = 0;
    return ::waitpid(pid_, &st, WNOHANG) == 0;
}

Child::~Child() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    for (int i = 0; i < 60; ++i) {
        int st = 0;
        if (::waitpid(pid_, &st, WNOHANG) != 0) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ::kill(pid_, SIGKILL);
    int st = 0;
    ::waitpid(pid_, &st, 0);
}

XDisplay::XDisplay(const std::string& log_path) {
    struct stat sb {};
    for (int n = 91; n < 140; ++n) {
        std::string lock = "/tmp/.X" + std::to_string(n) + "-lock";
        std::string sock = "/tmp/.X11-unix/X" + std::to_string(n);
        if (::stat(lock.c_str(), &sb) == 0 || ::stat(sock.c_str(), &sb) == 0) continue;
        name_ = ":" + std::to_string(n);
        xvfb_.emplace(std::vector<std::string>{"Xvfb", name_, "-screen", "0", "1280x800x24", "-nolisten", "tcp"},
                      std::map<std::string, std::string>{}, log_path);
        for (int i = 0; i < 100; ++i) {
            if (::stat(sock.c_str(), &sb) == 0) return;
            if (!xvfb_->running()) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        xvfb_.reset();
    }
    throw std::runtime_error("could not start Xvfb on any display :91..:139");
}

int XDisplay::run(const std::string& cmd) const {
    return std::system(("DISPLAY=" + name_ + " " + cmd).c_str());
}

void XDisplay::click(int x, int y) const {
    run("xdotool mousemove " + std::to_string(x) + " " + std::to_string(y) + " mousedown 1");
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    run("xdotool mouseup 1");
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
}

void XDisplay::type(const std::string& text) const { run("xdotool type --delay 60 '" + text + "'"); }

void XDisplay::screenshot(const std::string& png_path) const { run("import -window root '" + png_path + "'"); }

UiMapFile UiMapFile::read(const std::string& path) {
    UiMapFile m;
    std::ifstream f(path);
    std::stringstream ss;
    ss << f.rdbuf();
    std::string s = ss.str();
    // {"name":[x,y,w,h],...,"values":{"k":n,...}}: written by gui/ui_map.cpp, flat and unescaped.
    std::size_t values_at = s.find("\"values\":{");
    std::size_t pos = 0;
    while ((pos = s.find('"', pos)) != std::string::npos && pos < values_at) {
        std::size_t end = s.find('"', pos + 1);
        std::string name = s.substr(pos + 1, end - pos - 1);
        UiMapEntry e;
        if (std::sscanf(s.c_str() + end + 1, ":[%d,%d,%d,%d]", &e.x, &e.y, &e.w, &e.h) == 4) m.items[name] = e;
        pos = s.find(']', end);
        if (pos == std::string::npos) break;
    }
    pos = values_at == std::string::npos ? std::string::npos : values_at + 10;
    while (pos != std::string::npos && (pos = s.find('"', pos)) != std::string::npos) {
        std::size_t end = s.find('"', pos + 1);
        if (end == std::string::npos) break;
        long long v = 0;
        if (std::sscanf(s.c_str() + end + 1, ":%lld", &v) == 1) m.values[s.substr(pos + 1, end - pos - 1)] = v;
        pos = end + 1;
    }
    return m;
}

}  // namespace medic::test
