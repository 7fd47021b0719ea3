// tests/hostile/harness.hpp: the hostile-script corpus driver's parts: the
// header every script declares (what must happen when `medic run` runs it),
// starting the real `medic` binary on it as a child process in a watched,
// empty working directory, and judging the outcome (no signal, no hang, the
// exit code, one JSON object with the expected status and code, one clear
// line on stderr, nothing written outside the journal).
#pragma once

#include <string>
#include <vector>

namespace medic::hostile {

/// What a script's header says must happen. Header lines are the leading
/// comment lines (after an optional BOM or "#!" line), e.g.
///   -- expect: error E_LIMIT_CPU        (or: ok | exit 2; alternatives: E_A|E_B)
///   -- message: cpu time limit exceeded (substring of error.message, or of a
///                                        log line for ok runs; may repeat)
///   -- flags: --arg n=1 --wall-limit 2   (extra `medic run` arguments; \xNN escapes)
///   -- known-failing: why                (reported as a WARN, not a failure)
/// A file whose first line cannot be a comment (bytecode) keeps its header in
/// FILE.expect next to it.
struct Expectation {
    enum class Kind { Ok, Error, Exit } kind = Kind::Ok;
    std::vector<std::string> codes;  ///< Error: any of these
    int exit_code = 0;               ///< Exit: the code `medic run` must return without running
    std::vector<std::string> messages;
    std::vector<std::string> flags;
    std::string known_failing;
    std::string problem;  ///< the header itself is broken ("" = fine)
};

/// Parse the header of `source` (or of `sidecar` text when non-empty).
Expectation parse_expectation(const std::string& source, const std::string& sidecar = "");

/// How one `medic` child process ended.
struct ChildResult {
    int exit_code = -1;     ///< valid when !signaled && !timed_out
    int signal = 0;         ///< the signal that killed it (0 = none)
    bool timed_out = false; ///< killed by the harness
    double wall_s = 0;
    std::string out, err;
    std::vector<std::string> stray_files;  ///< files left in the watched working directory
};

/// Limits every corpus run gets unless its flags override them.
struct RunSettings {
    std::string medic;               ///< path of the medic binary
    std::string pd_url;              ///< "" = embedded pdsim (medic run's default)
    std::string pdsim_bin;           ///< for an embedded pdsim
    double cpu_limit_s = 0.3;
    double wall_limit_s = 4;
    int memory_limit_mib = 32;
    double kill_after_s = 40;        ///< a child still running then is a hang
    /// A run whose reported CPU time passes its limit by more than this
    /// overshot it (a C function or VM instruction the checks do not see).
    /// Generous: a loaded CI machine must not make it flaky.
    double cpu_overshoot_s = 4;
};

/// Run `medic run FILES... --json` with the settings and `extra` arguments
/// in a fresh empty working directory (also $HOME and $TMPDIR), journal in
/// a separate directory. Files are paths.
ChildResult run_medic(const RunSettings& s, const std::vector<std::string>& files,
                      const std::vector<std::string>& extra);

/// One JSON object `medic run --json` printed.
struct RunJson {
    std::string file, status, code, message;
    double cpu_s = 0;
    std::vector<std::string> logs;  ///< log line messages
};

/// Parse stdout: one JSON object per line. Problems go to `problems`.
std::vector<RunJson> parse_runs(const std::string& out, std::vector<std::string>& problems);

/// Everything wrong with `r` for a script with expectation `e` (empty = it
/// ended as its header says).
std::vector<std::string> judge(const Expectation& e, const ChildResult& r, const RunSettings& s);

/// Checks of one run's JSON against `e` (status, code, messages, CPU).
void judge_run(const Expectation& e, const RunJson& j, const RunSettings& s, double cpu_limit,
               std::vector<std::string>& problems);

/// Paths of the canary files hostile scripts try to create; none may exist.
extern const char* const kCanaries[];

}  // namespace medic::hostile
