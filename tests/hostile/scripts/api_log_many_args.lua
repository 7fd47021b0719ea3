-- expect: error E_ARG_COUNT|E_ARG_TYPE
return runbook.define{ name = 'hostile', run = function(p)
local t = {} for i = 1, 7000 do t[i] = 'x' end log.info(unpack(t))
end }
