-- expect: ok
-- message: co 1
return runbook.define{ name = 'hostile', run = function(p)
for i = 1, 20 do pcall(coroutine.resume, {}) pcall(coroutine.resume) pcall(coroutine.wrap(function() end)) end local co = coroutine.wrap(function() return 1 end) log.info('co ' .. co())
end }
