-- expect: error E_SCRIPT
-- message: plain functions
return runbook.define{ name = 'hostile', run = function(p)
assert(type(actions.transfer_leader) == 'function') assert(getmetatable(actions.transfer_leader) == nil) error('plain functions')
end }
