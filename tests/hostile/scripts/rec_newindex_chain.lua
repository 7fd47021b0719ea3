-- expect: error E_SCRIPT
-- message: loop in settable
-- flags: --cpu-limit 3
-- (a generous CPU limit: the memory/other outcome must win even on a loaded machine)
return runbook.define{ name = 'hostile', run = function(p)
local t = {} for i = 1, 1e5 do t = setmetatable({}, {__newindex = t}) end t.x = 1
end }
