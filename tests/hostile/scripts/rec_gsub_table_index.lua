-- expect: error E_LIMIT_NESTING
return runbook.define{ name = 'hostile', run = function(p)
local t = setmetatable({}, {}) getmetatable(t).__index = function(_, k) return (('x'):gsub('x', t)) end local s = ('x'):gsub('x', t)
end }
