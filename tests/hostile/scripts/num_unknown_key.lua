-- expect: error E_ARG_UNKNOWN
return runbook.define{ name = 'hostile', run = function(p)
actions.transfer_leader{region = 1, to_sotre = 2}
end }
