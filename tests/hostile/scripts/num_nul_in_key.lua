-- expect: error E_ARG_UNKNOWN
return runbook.define{ name = 'hostile', run = function(p)
actions.transfer_leader{region = 1, to_store = 2, ['to_store\0x'] = 3}
end }
