-- expect: error E_SCRIPT
-- message: too many results to unpack
return runbook.define{ name = 'hostile', run = function(p)
local t = {} unpack(t, 1, 1e7)
end }
