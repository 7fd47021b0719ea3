-- expect: error E_LIMIT_MEMORY
-- message: memory limit exceeded
-- flags: --cpu-limit 3
-- (a generous CPU limit: the memory/other outcome must win even on a loaded machine)
return runbook.define{ name = 'hostile', run = function(p)
local t = {} while true do local co = coroutine.create(function() local big = {1, 2, 3, 4, 5, 6, 7, 8} coroutine.yield() end) coroutine.resume(co) t[#t + 1] = co end
end }
