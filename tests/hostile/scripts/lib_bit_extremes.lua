-- expect: ok
-- message: bit ok
return runbook.define{ name = 'hostile', run = function(p)
local a = bit.tobit(2^60) local b = bit.lshift(1, 2^31) local c = bit.tohex(0/0, -2^31) local d = pcall(bit.tohex, 1, 2^31) log.info('bit ok ' .. c)
end }
