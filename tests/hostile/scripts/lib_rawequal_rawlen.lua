-- expect: error E_SCRIPT
-- message: 5.1 only
return runbook.define{ name = 'hostile', run = function(p)
assert(rawequal(string, string)) assert(not pcall(function() return rawlen end)) error('5.1 only')
end }
