-- expect: error E_LIMIT_MEMORY
-- message: memory limit exceeded
return runbook.define{ name = 'hostile', run = function(p)
local s = '' while true do s = string.format('%s%s', s, ('y'):rep(1e5)) end
end }
