-- expect: ok
-- message: passed 7000
return runbook.define{ name = 'hostile', run = function(p)
local t = {} for i = 1, 7000 do t[i] = i end local co = coroutine.create(function(...) return select('#', ...) end) local ok, n = coroutine.resume(co, unpack(t)) log.info('passed ' .. tostring(n))
end }
