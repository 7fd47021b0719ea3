-- expect: error E_SCRIPT
-- message: refused:
return runbook.define{ name = 'hostile', run = function(p)
local ok, e = pcall(function() return getfenv(2) end) assert(not ok) error('refused: ' .. tostring(e))
end }
