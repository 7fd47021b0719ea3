-- expect: error E_ARG_DOMAIN
return runbook.define{ name = 'hostile', run = function(p)
actions.transfer_leader{region = math.huge, to_store = 1}
end }
