-- expect: error E_SCRIPT|E_LIMIT_CPU
return runbook.define{ name = 'hostile', run = function(p)
local t = {} for i = 1, 200 do t[i] = i end table.sort(t, function(a, b) t[#t] = nil t[#t + 2] = 'x' return (tonumber(a) or 0) < (tonumber(b) or 0) end) error('sorted anyway')
end }
