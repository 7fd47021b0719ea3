-- expect: error E_ARG_UNKNOWN|E_ARG_TYPE
-- flags: --cpu-limit 3
-- (a generous CPU limit: the memory/other outcome must win even on a loaded machine)
return runbook.define{ name = 'hostile', run = function(p)
local t = {} for i = 1, 100000 do t['k' .. i] = i end actions.transfer_leader(t)
end }
