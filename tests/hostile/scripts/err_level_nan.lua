-- expect: error E_SCRIPT
-- message: nan level
return runbook.define{ name = 'hostile', run = function(p)
error('nan level', 0/0)
end }
