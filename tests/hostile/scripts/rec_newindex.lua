-- expect: error E_SCRIPT
-- message: stack overflow
return runbook.define{ name = 'hostile', run = function(p)
local t = setmetatable({}, {}) getmetatable(t).__newindex = function(s, k, v) s[k] = v end t.x = 1
end }
