-- expect: error E_ARG_TYPE
return runbook.define{ name = 'hostile', run = function(p)
local s = cluster.store('12')
end }
