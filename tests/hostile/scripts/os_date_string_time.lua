-- expect: error E_SCRIPT
-- message: number expected
return runbook.define{ name = 'hostile', run = function(p)
os.date('%c', '12')
end }
