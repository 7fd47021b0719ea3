-- expect: error E_ARG_DOMAIN
return runbook.define{ name = 'hostile', run = function(p)
actions.transfer_leader{region = -0, to_store = 1}
end }
