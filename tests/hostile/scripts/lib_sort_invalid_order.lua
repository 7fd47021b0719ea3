-- expect: error E_SCRIPT
-- message: invalid order function
return runbook.define{ name = 'hostile', run = function(p)
local t = {} for i = 1, 100 do t[i] = i % 7 end table.sort(t, function(a, b) return true end)
end }
