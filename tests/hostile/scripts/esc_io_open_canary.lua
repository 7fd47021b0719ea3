-- expect: error E_GLOBAL
-- message: 'io'
return runbook.define{ name = 'hostile', run = function(p)
local f = io.open('/tmp/medic_hostile_canary', 'w') f:write('pwned') f:close()
end }
