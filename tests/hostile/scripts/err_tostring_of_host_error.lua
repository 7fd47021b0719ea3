-- expect: error E_SCRIPT
-- message: cluster.store: id must be
return runbook.define{ name = 'hostile', run = function(p)
local ok, e = pcall(cluster.store, -1) error(tostring(e), 0)
end }
