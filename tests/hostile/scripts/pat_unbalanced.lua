-- expect: error E_SCRIPT
-- message: unbalanced pattern
return runbook.define{ name = 'hostile', run = function(p)
local x = ('a'):find('%b')
end }
