-- expect: error E_ARG_DOMAIN
-- message: id must be a store id
return runbook.define{ name = 'hostile', run = function(p)
local ok, e = pcall(cluster.store, -1) error(e, 0)
end }
