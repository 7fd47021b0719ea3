-- expect: error E_ARG_DOMAIN|E_ARG_TYPE|E_LIMIT_MEMORY|E_LIMIT_CPU
local ps = {} for i = 1, 200000 do ps['p' .. i] = { type = 'string', doc = ('d'):rep(100) } end
return runbook.define{ name = 'x', params = ps, run = function() end }
