-- expect: error E_LIMIT_NESTING
return runbook.define{ name = 'hostile', run = function(p)
local function f() return (('x'):gsub('x', function() return coroutine.wrap(f)() end)) end f()
end }
