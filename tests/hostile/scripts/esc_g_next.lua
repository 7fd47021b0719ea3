-- expect: error E_SCRIPT
-- message: nothing to iterate
return runbook.define{ name = 'hostile', run = function(p)
assert(next(_G) == nil) error('nothing to iterate')
end }
