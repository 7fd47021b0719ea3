-- expect: ok
-- message: chars 7000
return runbook.define{ name = 'hostile', run = function(p)
local t = {} for i = 1, 7000 do t[i] = 65 end local s = string.char(unpack(t)) log.info('chars ' .. #s)
end }
