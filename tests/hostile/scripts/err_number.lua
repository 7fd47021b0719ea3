-- expect: error E_SCRIPT
-- message: err_number.lua:4: 42
return runbook.define{ name = 'hostile', run = function(p)
error(42)
end }
