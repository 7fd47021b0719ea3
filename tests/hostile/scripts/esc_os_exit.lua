-- expect: error E_SCRIPT
-- message: attempt to call field 'exit'
return runbook.define{ name = 'hostile', run = function(p)
os.exit('/tmp/medic_hostile_canary')
end }
