-- expect: error E_SCRIPT
-- message: survived
return runbook.define{ name = 'hostile', run = function(p)
local function f() pcall(f) end f() error('survived')
end }
