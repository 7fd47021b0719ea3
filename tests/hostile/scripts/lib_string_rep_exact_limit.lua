-- expect: error E_LIMIT_MEMORY|E_SCRIPT
-- flags: --memory-limit 32
return runbook.define{ name = 'hostile', run = function(p)
local s = string.rep('x', 16 * 2^20) local t = s .. s
end }
