-- expect: error E_ARG_TYPE
return runbook.define{ name = 'hostile', run = function(p)
local t = {region = 1} t.to_store = t actions.transfer_leader(t)
end }
