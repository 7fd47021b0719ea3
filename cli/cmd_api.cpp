// cli/cmd_api.cpp: `medic api --luals DIR [--docs DIR] [--luarc FILE]`:
// write the LuaLS definition file (DIR/medic.d.lua), the API reference
// (DIR/api.md) and the LuaLS workspace config from the spec tables. The
// committed copies under workflows/ are checked for staleness by a test.
#include <cstdio>
#include <fstream>
#include <string>

#include "bindings/emit/emit.hpp"
#include "command.hpp"

namespace medic::cli {
namespace {

bool write_file(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) {
        std::fprintf(stderr, "medic api: cannot write %s\n", path.c_str());
        return false;
    }
    std::printf("wrote %s\n", path.c_str());
    return true;
}

int run_api(const Args& args) {
    std::string luals, docs, luarc;
    for (size_t i = 0; i < args.size(); i++) {
        const std::string& a = args[i];
        std::string* target = a == "--luals" ? &luals : a == "--docs" ? &docs : a == "--luarc" ? &luarc : nullptr;
        if (target == nullptr || i + 1 >= args.size()) {
            std::fprintf(stderr, "usage: medic api --luals DIR [--docs DIR] [--luarc FILE]\n"
                                 "  e.g. medic api --luals workflows/types --docs workflows/docs "
                                 "--luarc workflows/.luarc.json\n");
            return 2;
        }
        *target = args[++i];
    }
    if (luals.empty() && docs.empty() && luarc.empty()) return run_api({"--help"});
    bool ok = true;
    if (!luals.empty()) ok = write_file(luals + "/medic.d.lua", emit::luals()) && ok;
    if (!docs.empty()) ok = write_file(docs + "/api.md", emit::markdown()) && ok;
    if (!luarc.empty()) ok = write_file(luarc, emit::luarc()) && ok;
    return ok ? 0 : 1;
}

}  // namespace

MEDIC_COMMAND("api", "write the runbook API's LuaLS annotations and reference docs", run_api);

}  // namespace medic::cli
