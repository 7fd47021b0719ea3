-- expect: error E_SCRIPT
-- message: protected metatable
return runbook.define{ name = 'hostile', run = function(p)
local ok, e = pcall(cluster.store, -1) assert(getmetatable(e) == false) setmetatable(e, nil)
end }
