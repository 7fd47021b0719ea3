// tests/engine/safety/test_db.hpp: a fresh SQLite file in a temp directory.
#pragma once

#include <filesystem>
#include <random>
#include <string>

namespace medic::test {

struct TempDb {
    std::filesystem::path dir;
    std::string path;
    TempDb() {
        std::random_device rd;
        dir = std::filesystem::temp_directory_path() / ("medic-write-" + std::to_string(rd()) + std::to_string(rd()));
        std::filesystem::create_directories(dir);
        path = (dir / "medic.db").string();
    }
    ~TempDb() {
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
};

}  // namespace medic::test
