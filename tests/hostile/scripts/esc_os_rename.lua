-- expect: error E_SCRIPT
-- message: attempt to call field 'rename'
return runbook.define{ name = 'hostile', run = function(p)
os.rename('/tmp/medic_hostile_canary')
end }
