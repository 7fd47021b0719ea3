-- expect: error E_SCRIPT
-- message: attempt to call field 'setlocale'
return runbook.define{ name = 'hostile', run = function(p)
os.setlocale('/tmp/medic_hostile_canary')
end }
