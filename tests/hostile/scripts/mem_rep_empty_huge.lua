-- expect: error E_SCRIPT
-- message: fast
return runbook.define{ name = 'hostile', run = function(p)
local s = string.rep('', 1e12) assert(s == '') error('fast')
end }
