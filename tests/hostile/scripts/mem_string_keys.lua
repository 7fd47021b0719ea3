-- expect: error E_LIMIT_MEMORY|E_LIMIT_CPU
return runbook.define{ name = 'hostile', run = function(p)
local t = {} local i = 0 while true do i = i + 1 t['key' .. i] = i end
end }
