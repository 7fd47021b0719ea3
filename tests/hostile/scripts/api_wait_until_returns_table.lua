-- expect: ok
-- message: got table
return runbook.define{ name = 'hostile', run = function(p)
local v = runbook.wait_until(function() return setmetatable({}, {__tostring = function() while true do end end}) end, {timeout_s = 1}) log.info('got ' .. type(v))
end }
