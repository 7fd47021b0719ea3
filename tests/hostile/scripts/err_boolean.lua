-- expect: error E_SCRIPT
-- message: error value is a boolean
return runbook.define{ name = 'hostile', run = function(p)
error(false)
end }
