-- expect: error E_SCRIPT
-- message: stack overflow
return runbook.define{ name = 'hostile', run = function(p)
local mt = {} mt.__lt = function(a, b) return a < b end local a, b = setmetatable({}, mt), setmetatable({}, mt) local x = a < b
end }
