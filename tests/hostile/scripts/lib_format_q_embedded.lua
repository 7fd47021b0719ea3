-- expect: ok
-- message: q 
return runbook.define{ name = 'hostile', run = function(p)
local s = string.format('%q', ('\0'):rep(1000)) log.info('q ' .. #s)
end }
