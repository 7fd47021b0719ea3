-- expect: error E_SCRIPT
-- message: error value is a function
return runbook.define{ name = 'hostile', run = function(p)
error(print)
end }
