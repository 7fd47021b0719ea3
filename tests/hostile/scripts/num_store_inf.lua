-- expect: error E_ARG_DOMAIN
return runbook.define{ name = 'hostile', run = function(p)
local s = cluster.store(math.huge)
end }
