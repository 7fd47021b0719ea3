-- expect: error E_SCRIPT
-- message: invalid key
return runbook.define{ name = 'hostile', run = function(p)
next({}, 'nope')
end }
