-- expect: error E_SCRIPT
-- message: attempt to call field 'tmpname'
return runbook.define{ name = 'hostile', run = function(p)
os.tmpname('/tmp/medic_hostile_canary')
end }
