-- expect: ok
-- message: maxn
return runbook.define{ name = 'hostile', run = function(p)
local t = {} t[2^53] = 1 t[1e300] = 1 log.info('maxn ' .. table.maxn(t))
end }
