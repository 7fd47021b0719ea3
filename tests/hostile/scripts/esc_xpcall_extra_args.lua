-- expect: ok
-- message: xpcall args 7 12
return runbook.define{ name = 'hostile', run = function(p)
local ok, a, b = xpcall(function(x, y) return x + y, x * y end, print, 3, 4) log.info('xpcall args ' .. a .. ' ' .. b)
end }
