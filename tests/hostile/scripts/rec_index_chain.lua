-- expect: error E_SCRIPT
-- message: loop in gettable
-- flags: --cpu-limit 3
-- (a generous CPU limit: the memory/other outcome must win even on a loaded machine)
return runbook.define{ name = 'hostile', run = function(p)
local t = {} for i = 1, 1e5 do t = setmetatable({}, {__index = t}) end local x = t.missing
end }
