-- expect: error E_SCRIPT
-- message: refused
return runbook.define{ name = 'hostile', run = function(p)
local ok = pcall(function() return loadstring('return io')() end) assert(not ok) error('refused')
end }
