-- expect: error E_SCRIPT
-- message: attempt to index
return runbook.define{ name = 'hostile', run = function(p)
local mt = getmetatable(_G) assert(mt == false) local g = mt.__index
end }
