-- expect: error E_SCRIPT
-- message: attempt to index
return runbook.define{ name = 'hostile', run = function(p)
local mt = getmetatable('') local real = mt.__index
end }
