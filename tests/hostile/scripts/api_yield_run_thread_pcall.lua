-- expect: error E_SCRIPT
-- message: still here
return runbook.define{ name = 'hostile', run = function(p)
local ok, e = pcall(coroutine.yield, 1) assert(not ok) error('still here: ' .. tostring(e))
end }
