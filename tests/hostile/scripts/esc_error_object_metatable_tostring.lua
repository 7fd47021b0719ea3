-- expect: error E_SCRIPT
-- message: cluster.store
return runbook.define{ name = 'hostile', run = function(p)
local ok, e = pcall(cluster.store, -1) local ts = tostring(e) assert(ts:find('cluster.store')) error(ts, 0)
end }
