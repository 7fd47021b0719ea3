-- expect: error E_GLOBAL
-- message: read-only table 'string'
return runbook.define{ name = 'hostile', run = function(p)
local s = string s.upper = function() return 'PWNED' end
end }
