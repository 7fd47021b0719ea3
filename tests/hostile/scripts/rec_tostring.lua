-- expect: error E_SCRIPT|E_LIMIT_CPU
return runbook.define{ name = 'hostile', run = function(p)
local mt = {} mt.__tostring = function(s) return (tostring(s)) end local x = tostring(setmetatable({}, mt))
end }
