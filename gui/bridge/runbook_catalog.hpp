// gui/bridge/runbook_catalog.hpp: the Runbooks panel's catalogue. Scans a
// workflows directory for runbooks (*.lua, not *_test.lua) and reads each
// one's declared header (name, description, risk, typed params with
// defaults) in the Lua host's sandbox without running its steps: the chunk
// runs up to `return runbook.define{...}` and the host's parameter check
// then refuses a probe argument no runbook declares, so `run` never starts.
#pragma once

#include <string>
#include <vector>

#include "gui/ui_snapshot.hpp"

namespace medic::gui::bridge {

struct CatalogResult {
    std::vector<RunbookView> runbooks;  ///< sorted by name
    std::vector<std::string> errors;    ///< one line per file that could not be read
};

/// Read every runbook header under `dir` (not recursive). Runs the sandbox
/// on a VM thread of its own; call it from a bridge thread, never the GUI's.
CatalogResult scan_workflows(const std::string& dir);

/// The header of one runbook file, or "" + *err.
bool read_runbook_header(const std::string& path, RunbookView& out, std::string& err);

}  // namespace medic::gui::bridge
