-- expect: error E_ARG_TYPE
return runbook.define{ name = 'hostile', run = function(p)
actions.transfer_leader{region = '12', to_store = 1}
end }
