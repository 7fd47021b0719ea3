-- expect: error E_LIMIT_NESTING
return runbook.define{ name = 'hostile', run = function(p)
local function f() local co = coroutine.create(f) local ok, e = coroutine.resume(co) if not ok then error(e, 0) end end f()
end }
