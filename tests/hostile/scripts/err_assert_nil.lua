-- expect: error E_SCRIPT
-- message: assertion failed!
return runbook.define{ name = 'hostile', run = function(p)
assert(nil)
end }
