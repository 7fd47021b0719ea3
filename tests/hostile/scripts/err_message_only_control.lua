-- expect: error E_SCRIPT
-- message: \x1b\x1b
return runbook.define{ name = 'hostile', run = function(p)
error(('\27'):rep(5000), 0)
end }
