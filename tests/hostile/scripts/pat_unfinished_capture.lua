-- expect: error E_SCRIPT
-- message: unfinished capture
return runbook.define{ name = 'hostile', run = function(p)
local x = ('a'):find('(a')
end }
