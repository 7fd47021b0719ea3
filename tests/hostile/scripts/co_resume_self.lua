-- expect: error E_SCRIPT
-- message: cannot resume
return runbook.define{ name = 'hostile', run = function(p)
local co co = coroutine.create(function() local ok, e = coroutine.resume(co) error(e, 0) end) local ok, e = coroutine.resume(co) error(e, 0)
end }
