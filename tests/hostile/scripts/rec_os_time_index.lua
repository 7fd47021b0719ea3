-- expect: error E_SCRIPT
-- message: metatable
return runbook.define{ name = 'hostile', run = function(p)
local t = setmetatable({}, {__index = function(t) return os.time(t) end}) os.time(t)
end }
