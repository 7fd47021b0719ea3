-- expect: error E_LIMIT_MEMORY|E_LIMIT_CPU
return runbook.define{ name = 'hostile', run = function(p)
local t = {} for i = 1, 1e9 do t[i * 1.5] = true end
end }
