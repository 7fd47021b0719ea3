-- expect: ok
-- message: waited in __index 1
return runbook.define{ name = 'hostile', run = function(p)
local x = setmetatable({}, {__index = function() runbook.wait(0.02) return 1 end}).x log.info('waited in __index ' .. x)
end }
