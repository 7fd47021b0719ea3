-- expect: error E_LIMIT_MEMORY
-- message: memory limit exceeded
return runbook.define{ name = 'hostile', run = function(p)
local t = {} while true do t[#t + 1] = cluster.stores() end
end }
