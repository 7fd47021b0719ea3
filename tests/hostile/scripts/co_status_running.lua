-- expect: ok
-- message: status running
return runbook.define{ name = 'hostile', run = function(p)
local co co = coroutine.create(function() return coroutine.status(co), coroutine.running() == co end) local ok, st, same = coroutine.resume(co) assert(st == 'running' and same) log.info('status ' .. st)
end }
