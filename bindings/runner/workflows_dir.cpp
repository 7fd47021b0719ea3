// bindings/runner/workflows_dir.cpp: see workflows_dir.hpp.
#include "bindings/runner/workflows_dir.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <vector>

namespace medic::lua {
namespace fs = std::filesystem;

std::string find_workflows_dir(const std::string& flag) {
    std::error_code ec;
    if (!flag.empty()) return fs::is_directory(flag, ec) ? flag : "";
    if (const char* env = std::getenv("MEDIC_WORKFLOWS"); env && *env) return fs::is_directory(env, ec) ? env : "";
    std::vector<fs::path> tries;
    fs::path self = fs::read_symlink("/proc/self/exe", ec);
    if (!ec && !self.empty()) {
        tries.push_back(self.parent_path() / ".." / ".." / "workflows");        // build/cli/medic
        tries.push_back(self.parent_path() / ".." / "share" / "medic" / "workflows");  // installed
    }
    tries.push_back(fs::current_path(ec) / "workflows");
    for (const auto& p : tries)
        if (fs::is_directory(p, ec)) return fs::weakly_canonical(p, ec).string();
    return "";
}

std::string runbook_file(const std::string& dir, const std::string& name, std::string* why) {
    bool plain = !name.empty() && name.size() <= 64;
    for (char c : name) plain = plain && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
    if (!plain) {
        *why = "'" + name.substr(0, 64) + "' is not a runbook name (lowercase letters, digits, '_')";
        return "";
    }
    if (dir.empty()) {
        *why = "no workflows directory (use --workflows DIR or $MEDIC_WORKFLOWS)";
        return "";
    }
    std::string path = (fs::path(dir) / (name + ".lua")).string();
    if (::access(path.c_str(), R_OK) != 0) {
        *why = "no readable " + path;
        return "";
    }
    return path;
}

}  // namespace medic::lua
