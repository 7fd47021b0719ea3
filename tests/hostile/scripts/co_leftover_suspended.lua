-- expect: ok
-- message: left 1000 suspended
return runbook.define{ name = 'hostile', run = function(p)
local t = {} for i = 1, 1000 do local co = coroutine.create(function() pcall(coroutine.yield) end) coroutine.resume(co) t[i] = co end log.info('left 1000 suspended')
end }
