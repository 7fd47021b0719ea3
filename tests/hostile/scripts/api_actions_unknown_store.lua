-- expect: error E_SAFETY_VETO|E_ARG_DOMAIN|E_ACTION_FAILED
return runbook.define{ name = 'hostile', run = function(p)
actions.evict_leader{store = 999999}
end }
