-- expect: error E_ARG_UNKNOWN|E_ARG_TYPE
return runbook.define{ name = 'hostile', run = function(p)
actions.transfer_leader{region = 1, to_store = 2, [1] = 3}
end }
