-- expect: error E_SCRIPT
return runbook.define{ name = 'hostile', run = function(p)
assert(false, 12)
end }
