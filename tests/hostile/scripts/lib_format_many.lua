-- expect: ok
-- message: len 7000
return runbook.define{ name = 'hostile', run = function(p)
local t = {} for i = 1, 7000 do t[i] = 'x' end local s = string.format(('%s'):rep(7000), unpack(t)) log.info('len ' .. #s)
end }
