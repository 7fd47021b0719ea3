-- expect: error E_SCRIPT
-- message: cannot resume dead coroutine
return runbook.define{ name = 'hostile', run = function(p)
local co = coroutine.create(function() end) coroutine.resume(co) local ok, e = coroutine.resume(co) error(e, 0)
end }
