-- expect: error E_SCRIPT
-- message: error value is a table
return runbook.define{ name = 'hostile', run = function(p)
error({code = 'E_LIMIT_CPU', message = 'fake limit'})
end }
