-- expect: error E_GLOBAL
-- message: 'getfenv'
return runbook.define{ name = 'hostile', run = function(p)
local env = getfenv(0) env.io.open('/tmp/medic_hostile_canary', 'w')
end }
