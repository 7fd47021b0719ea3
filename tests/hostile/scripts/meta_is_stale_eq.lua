-- expect: ok
-- message: stale false
return runbook.define{ name = 'hostile', run = function(p)
local fake = setmetatable({code = 'E_SAFETY_VETO', details = {reason = 'operator_running'}}, {__eq = function() return true end, __index = function() while true do end end}) log.info('stale ' .. tostring(actions.is_stale(fake)))
end }
