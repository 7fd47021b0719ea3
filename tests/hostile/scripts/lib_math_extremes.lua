-- expect: ok
-- message: math ok
return runbook.define{ name = 'hostile', run = function(p)
local a = math.random(2^53) local b = pcall(math.random, 0) local c = pcall(math.random, 2^53, -2^53) local d = math.floor(0/0) local e = math.fmod(1, 0) local f = math.ldexp(1, 2^31) local g = math.frexp(0/0) local h = math.max(0/0, 1) log.info('math ok')
end }
