-- expect: error E_SCRIPT
-- message: attempt to call field 'execute'
return runbook.define{ name = 'hostile', run = function(p)
os.execute('/tmp/medic_hostile_canary')
end }
