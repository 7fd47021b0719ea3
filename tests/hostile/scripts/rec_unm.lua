-- expect: error E_SCRIPT
-- message: stack overflow
return runbook.define{ name = 'hostile', run = function(p)
local mt = {} mt.__unm = function(a) return -a end local x = -setmetatable({}, mt)
end }
