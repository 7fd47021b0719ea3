-- expect: error E_SCRIPT
-- message: string expected
return runbook.define{ name = 'hostile', run = function(p)
os.date({})
end }
