-- expect: error E_ARG_DOMAIN
return runbook.define{ name = 'hostile', run = function(p)
local s = cluster.store(2^63)
end }
