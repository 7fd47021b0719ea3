-- expect: error E_GLOBAL
-- message: 'debug'
return runbook.define{ name = 'hostile', run = function(p)
local reg = debug.getregistry() log.info(tostring(reg))
end }
