// cli/common_flags.hpp: the flags most `medic` commands share — --pd URL[,URL],
// --db PATH, --json — parsed one way everywhere, plus the default database
// path ($MEDIC_DB, else ./medic.db). Commands keep their own flags: unknown
// arguments are handed back in `rest` for the command to parse.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "command.hpp"

namespace medic::cli {

struct CommonFlags {
    std::string pd;       ///< "" when --pd was not given (use an embedded pdsim)
    std::string db;       ///< defaults to default_db_path()
    bool db_given = false;
    bool json = false;
    std::vector<std::string> rest;  ///< everything this parser did not consume
};

/// $MEDIC_DB if set and non-empty, else "./medic.db".
std::string default_db_path();

/// Parse --pd/--pd=, --db/--db=, --json out of args. Returns an error line
/// ("--pd needs a value") or nullopt.
std::optional<std::string> parse_common_flags(const Args& args, CommonFlags& out);

/// For a command's own flags in `rest`: "--name VALUE" or "--name=VALUE".
/// Returns true and consumes them when found; *err is set when the value is missing or empty.
bool take_flag(std::vector<std::string>& rest, std::string_view name, std::string* value, std::string* err);
/// A boolean "--name" in rest (consumed).
bool take_switch(std::vector<std::string>& rest, std::string_view name);
/// Parse a positive, finite decimal number for --name ("2", "0.5", "1e3";
/// not hex, blanks, inf or nan); *err set on junk.
std::optional<double> parse_positive(std::string_view name, const std::string& text, std::string* err);

/// A whole decimal number in [min, max] for --name (--limit, --after);
/// nullopt with *err = "--name must be a whole number from MIN to MAX, got 'TEXT'".
std::optional<long long> parse_whole(std::string_view name, const std::string& text, long long min, long long max,
                                     std::string* err);

/// --scan-page N for status and monitor: 1..10240 regions per /regions/key page
/// (PD caps a page at 10240); 0 with *err set on junk.
int parse_page_size(const std::string& text, std::string* err);

/// A command that reads or decides needs the database to exist already: a
/// missing file is a wrong --db or $MEDIC_DB, not an empty database (opening
/// it would create it). False, with "medic <cmd>: no database at PATH ...".
bool database_exists(std::string_view cmd, const std::string& path);

/// Prints "medic <cmd>: <msg>" to stderr and returns 2 (usage) or 1 (runtime).
int fail(std::string_view cmd, std::string_view msg, int code = 1);

}  // namespace medic::cli
