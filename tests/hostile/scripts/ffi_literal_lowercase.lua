-- expect: error E_SYNTAX
return runbook.define{ name = 'hostile', run = function(p)
local x = 12ll
end }
