-- expect: ok
-- message: sub 
return runbook.define{ name = 'hostile', run = function(p)
local s = 'abc' local a = s:sub(-2^53, 2^53) local b = s:sub(0/0, 0/0) local c = s:sub(2^31, -2^31) log.info('sub ' .. a)
end }
