-- expect: ok
-- message: handled:
return runbook.define{ name = 'hostile', run = function(p)
local ok, msg = xpcall(function() error('inner') end, function(e) return 'handled: ' .. tostring(e) end) log.info(msg)
end }
