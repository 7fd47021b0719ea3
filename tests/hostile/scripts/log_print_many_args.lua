-- expect: ok
-- message: after print
return runbook.define{ name = 'hostile', run = function(p)
local t = {} for i = 1, 7000 do t[i] = i end print(unpack(t)) log.info('after print')
end }
