-- expect: error E_GLOBAL
-- message: read-only table 'actions'
return runbook.define{ name = 'hostile', run = function(p)
actions.transfer_leader = function() return true end
end }
