-- expect: error E_LIMIT_MEMORY
-- message: memory limit exceeded
-- flags: --memory-limit 1
return runbook.define{ name = 'hostile', run = function(p)
local t = {} while true do t[#t + 1] = ('x'):rep(100) .. #t end
end }
