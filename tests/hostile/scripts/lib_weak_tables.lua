-- expect: ok
-- message: weak ok
return runbook.define{ name = 'hostile', run = function(p)
local t = setmetatable({}, {__mode = 'kv'}) for i = 1, 1e5 do t[{}] = {} end log.info('weak ok')
end }
