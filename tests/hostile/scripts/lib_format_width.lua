-- expect: error E_SCRIPT
-- message: invalid
return runbook.define{ name = 'hostile', run = function(p)
local ok, e = pcall(string.format, '%099999d', 1) assert(not ok) error(e)
end }
