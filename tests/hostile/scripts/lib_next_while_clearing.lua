-- expect: ok
-- message: cleared nil
return runbook.define{ name = 'hostile', run = function(p)
local t = {} for i = 1, 1000 do t['k' .. i] = i end for k in pairs(t) do t[k] = nil end log.info('cleared ' .. tostring(next(t)))
end }
