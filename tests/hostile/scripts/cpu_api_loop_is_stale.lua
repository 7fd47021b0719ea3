-- expect: error E_LIMIT_CPU
-- host calls in a loop: their CPU counts against the run
-- message: cpu time limit exceeded
return runbook.define{ name = 'hostile', run = function(p)
local ok, e = pcall(cluster.store, -1) while true do actions.is_stale(e) end
end }
