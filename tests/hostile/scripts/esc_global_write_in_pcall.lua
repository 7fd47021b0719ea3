-- expect: error E_SCRIPT
-- message: caught E_GLOBAL
return runbook.define{ name = 'hostile', run = function(p)
local ok, e = pcall(function() y = 1 end) assert(not ok and e.code == 'E_GLOBAL') error('caught ' .. e.code)
end }
