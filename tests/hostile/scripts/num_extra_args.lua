-- expect: error E_ARG_COUNT
return runbook.define{ name = 'hostile', run = function(p)
local s = cluster.store(1, 2, 3)
end }
