-- expect: error E_ARG_DOMAIN
-- the code stays the one the host raised, whatever the script wrote into the object
-- message: id must be
return runbook.define{ name = 'hostile', run = function(p)
local ok, e = pcall(cluster.store, -1) e.code = 'E_BOGUS' error(e)
end }
