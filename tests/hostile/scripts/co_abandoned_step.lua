-- expect: ok
-- message: left a step running
return runbook.define{ name = 'hostile', run = function(p)
local co = coroutine.create(function() runbook.step('abandoned', function() coroutine.yield() end) end) coroutine.resume(co) log.info('left a step running')
end }
