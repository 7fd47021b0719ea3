-- expect: error E_SCRIPT
-- message: read-only
return runbook.define{ name = 'hostile', run = function(p)
rawset(string, 'upper', function() return 'PWNED' end)
end }
