-- expect: error E_LIMIT_CPU
-- message: cpu time limit exceeded
return runbook.define{ name = 'hostile', run = function(p)
local co = coroutine.wrap(function() while true do coroutine.yield() end end) while true do co() end
end }
