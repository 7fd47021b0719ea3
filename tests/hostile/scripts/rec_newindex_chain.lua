-- expect: error E_SCRIPT
-- message: loop in settable
return runbook.define{ name = 'hostile', run = function(p)
local t = {} for i = 1, 1e5 do t = setmetatable({}, {__newindex = t}) end t.x = 1
end }
