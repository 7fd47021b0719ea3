-- expect: error E_SCRIPT
-- message: neg
return runbook.define{ name = 'hostile', run = function(p)
error('neg', -5)
end }
