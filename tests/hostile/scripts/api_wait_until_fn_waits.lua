-- expect: ok
-- message: polled 3
-- flags: --execute
return runbook.define{ name = 'hostile', run = function(p)
local n = 0 local v = runbook.wait_until(function() runbook.wait(0.01) n = n + 1 return n >= 3 and n end, {timeout_s = 2, interval_s = 0.01}) log.info('polled ' .. v)
end }
