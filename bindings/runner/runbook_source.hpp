// Reading a runbook's source text from a file, for `medic run`, `medic lint`
// and the GUI's runner: one place that refuses what is not a runbook file
// (a directory, a device, a file over the size cap) with a clear reason.
#pragma once

#include <cstddef>
#include <string>

namespace medic::lua {

/// Runbooks are small; a bigger file is a mistake (or an attack on memory).
inline constexpr std::size_t kMaxRunbookBytes = std::size_t(1) << 20;

/// Reads `path` into `out`. Returns "" on success, else why not
/// ("cannot read PATH: Is a directory", "PATH is larger than 1 MiB").
/// Reads at most kMaxRunbookBytes + 1 bytes, whatever the file claims.
std::string read_runbook_source(const std::string& path, std::string& out);

}  // namespace medic::lua
