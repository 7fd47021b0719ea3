-- expect: ok
-- message: pcall yield ok
return runbook.define{ name = 'hostile', run = function(p)
local co = coroutine.wrap(function() pcall(coroutine.yield, 1) return 'done' end) co() assert(co() == 'done') log.info('pcall yield ok')
end }
