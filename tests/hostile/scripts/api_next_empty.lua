-- expect: error E_SCRIPT
-- message: next sees nothing
return runbook.define{ name = 'hostile', run = function(p)
for _, t in ipairs({actions, cluster, log, safety, runbook, string, table, math, os, bit, coroutine, runbook.E}) do assert(next(t) == nil) end error('next sees nothing')
end }
