-- expect: error E_SCRIPT
-- message: error value is a nil
return runbook.define{ name = 'hostile', run = function(p)
error(nil)
end }
