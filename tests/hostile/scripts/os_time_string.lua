-- expect: error E_SCRIPT
-- message: table expected
return runbook.define{ name = 'hostile', run = function(p)
os.time('now')
end }
