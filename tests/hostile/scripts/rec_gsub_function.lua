-- expect: error E_LIMIT_NESTING
return runbook.define{ name = 'hostile', run = function(p)
local function f(s) return (s:gsub('.', f)) end f('abc')
end }
