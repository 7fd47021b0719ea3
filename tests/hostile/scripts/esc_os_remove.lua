-- expect: error E_SCRIPT
-- message: attempt to call field 'remove'
return runbook.define{ name = 'hostile', run = function(p)
os.remove('/tmp/medic_hostile_canary')
end }
