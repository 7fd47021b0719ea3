-- expect: error E_SAFETY_REQUIRE
-- message: precondition \x1b[31mfailed
return runbook.define{ name = 'hostile', run = function(p)
safety.require(false, 'precondition \27[31mfailed')
end }
