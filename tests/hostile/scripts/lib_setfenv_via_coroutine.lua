-- expect: error E_SCRIPT
-- message: false
return runbook.define{ name = 'hostile', run = function(p)
local co = coroutine.create(function() return io end) local ok, e = coroutine.resume(co) error(tostring(ok) .. ' ' .. tostring(e), 0)
end }
