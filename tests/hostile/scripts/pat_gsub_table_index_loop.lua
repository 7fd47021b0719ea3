-- expect: error E_LIMIT_CPU
-- message: cpu time limit exceeded
return runbook.define{ name = 'hostile', run = function(p)
local s = ('x'):gsub('x', setmetatable({}, {__index = function() while true do end end}))
end }
