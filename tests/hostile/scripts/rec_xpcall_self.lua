-- expect: error E_SCRIPT|E_LIMIT_CPU
return runbook.define{ name = 'hostile', run = function(p)
local function f() return xpcall(f, f) end f() error('survived')
end }
