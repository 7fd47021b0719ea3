-- expect: error E_ARG_COUNT
return runbook.define{ name = 'hostile', run = function(p)
local t = {} for i = 1, 7000 do t[i] = i end cluster.store(unpack(t))
end }
