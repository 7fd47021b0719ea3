-- expect: error E_SCRIPT
-- message: malformed pattern
return runbook.define{ name = 'hostile', run = function(p)
local x = ('a'):find('a%')
end }
