-- expect: error E_LIMIT_LOG
-- message: log output limit exceeded
return runbook.define{ name = 'hostile', run = function(p)
local big = ('x'):rep(60000) local f = {} for i = 1, 64 do f['k' .. i] = big end while true do pcall(log.info, 'x', f) end
end }
