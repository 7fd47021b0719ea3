-- expect: error E_SCRIPT
-- message: attempt to call field 'getenv'
return runbook.define{ name = 'hostile', run = function(p)
os.getenv('/tmp/medic_hostile_canary')
end }
