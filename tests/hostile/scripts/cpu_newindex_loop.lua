-- expect: error E_LIMIT_CPU
-- message: cpu time limit exceeded
return runbook.define{ name = 'hostile', run = function(p)
local t = setmetatable({}, {__newindex = function() while true do end end}) t.a = 1
end }
