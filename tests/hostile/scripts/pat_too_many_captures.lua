-- expect: error E_SCRIPT
-- message: too many captures
return runbook.define{ name = 'hostile', run = function(p)
local x = ('a'):match(('()'):rep(40))
end }
