-- expect: error E_SCRIPT
-- message: stack overflow
-- flags: --cpu-limit 3
-- (a generous CPU limit: the memory/other outcome must win even on a loaded machine)
return runbook.define{ name = 'hostile', run = function(p)
local mt = {} mt.__tostring = function(s) print(s) return 'x' end print(setmetatable({}, mt))
end }
