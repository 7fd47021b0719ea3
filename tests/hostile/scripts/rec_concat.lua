-- expect: error E_SCRIPT
-- message: stack overflow
return runbook.define{ name = 'hostile', run = function(p)
local mt = {} mt.__concat = function(a, b) return a .. b end local x = setmetatable({}, mt) .. 'x'
end }
