-- expect: error E_LIMIT_MEMORY
-- message: memory limit exceeded
-- flags: --cpu-limit 3
-- (a generous CPU limit: the memory/other outcome must win even on a loaded machine)
return runbook.define{ name = 'hostile', run = function(p)
local s = 'x' while true do s = s .. s end
end }
