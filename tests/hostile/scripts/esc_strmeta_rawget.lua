-- expect: error E_SCRIPT
-- message: bad argument #1
return runbook.define{ name = 'hostile', run = function(p)
local real = rawget(getmetatable('x'), '__index')
end }
