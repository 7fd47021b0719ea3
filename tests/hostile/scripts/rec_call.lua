-- expect: error E_SCRIPT
-- message: stack overflow
return runbook.define{ name = 'hostile', run = function(p)
local t = setmetatable({}, {}) getmetatable(t).__call = function(s) return 1 + s() end t()
end }
