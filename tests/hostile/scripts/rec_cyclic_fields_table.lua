-- expect: error E_ARG_TYPE
return runbook.define{ name = 'hostile', run = function(p)
local t = {} t.t = t log.info('x', t)
end }
