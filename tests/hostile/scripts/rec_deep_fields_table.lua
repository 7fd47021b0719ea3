-- expect: error E_ARG_TYPE
return runbook.define{ name = 'hostile', run = function(p)
local t = {} local c = t for i = 1, 1e5 do c.x = {} c = c.x end log.info('x', t)
end }
