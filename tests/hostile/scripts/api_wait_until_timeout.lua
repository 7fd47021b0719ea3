-- expect: error E_WAIT_TIMEOUT
-- message: condition not met within 0.2 s
-- flags: --execute
return runbook.define{ name = 'hostile', run = function(p)
runbook.wait_until(function() return false end, {timeout_s = 0.2, interval_s = 0.05})
end }
