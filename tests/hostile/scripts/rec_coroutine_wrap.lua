-- expect: error E_LIMIT_NESTING
return runbook.define{ name = 'hostile', run = function(p)
local function f() coroutine.wrap(f)() end f()
end }
