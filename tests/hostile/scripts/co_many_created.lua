-- expect: error E_LIMIT_MEMORY
return runbook.define{ name = 'hostile', run = function(p)
local t = {} for i = 1, 1e7 do t[i] = coroutine.create(function() end) end
end }
