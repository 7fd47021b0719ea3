// bindings/drill/test_runner.hpp: `medic test`: find workflows/*_test.lua,
// run each in a sandboxed state that also has the `test` module
// (bindings/api/test_api.cpp), run every case it returns and print one line
// per case and a summary.
//
// A test file returns a list of cases: { { name = "...", run = function() ... end }, ... }.
// A case passes when its function returns without raising. A case with
// `pending = "reason"` is listed as SKIP with its reason and not run: a
// known gap stays visible in every run instead of failing CI or vanishing.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

namespace medic::drill {

struct TestSummary {
    int files = 0, passed = 0, failed = 0, pending = 0;
    std::vector<std::string> failures;  ///< "file: case: message"
};

struct TestOptions {
    std::string filter;  ///< run only cases whose "file: name" contains this
    bool verbose = false;
};

/// Expand paths (files or directories) into the *_test.lua files to run, sorted.
std::vector<std::string> find_test_files(const std::vector<std::string>& paths, std::string& error);

/// Run one test file; prints to `out`.
void run_test_file(const std::string& file, const TestOptions& o, TestSummary& sum, std::FILE* out);

}  // namespace medic::drill
