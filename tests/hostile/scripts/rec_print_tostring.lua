-- expect: error E_SCRIPT
-- message: stack overflow
return runbook.define{ name = 'hostile', run = function(p)
local mt = {} mt.__tostring = function(s) print(s) return 'x' end print(setmetatable({}, mt))
end }
