-- expect: ok
-- message: clock ok
return runbook.define{ name = 'hostile', run = function(p)
local c = os.clock() assert(type(c) == 'number') log.info('clock ok')
end }
