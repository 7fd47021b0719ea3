-- expect: error E_ARG_DOMAIN
return runbook.define{ name = 'hostile', run = function(p)
local ok, e = pcall(cluster.store, -1) e.message = setmetatable({}, {__tostring = function() while true do end end}) error(e)
end }
