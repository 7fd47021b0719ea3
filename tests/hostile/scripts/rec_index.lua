-- expect: error E_SCRIPT
-- message: stack overflow
return runbook.define{ name = 'hostile', run = function(p)
local t = setmetatable({}, {}) getmetatable(t).__index = function(s, k) return s[k] end local x = t.x
end }
