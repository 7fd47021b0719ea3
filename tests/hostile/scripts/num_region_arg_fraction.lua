-- expect: error E_ARG_DOMAIN
return runbook.define{ name = 'hostile', run = function(p)
actions.transfer_leader{region = 1.5, to_store = 1}
end }
