-- expect: error E_SCRIPT
-- message: all locked
return runbook.define{ name = 'hostile', run = function(p)
for _, t in ipairs({actions, cluster, log, safety, runbook, string, table, math, os, bit, coroutine}) do assert(getmetatable(t) == false) end error('all locked')
end }
