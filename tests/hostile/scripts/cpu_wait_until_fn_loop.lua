-- expect: error E_LIMIT_CPU
-- message: cpu time limit exceeded
return runbook.define{ name = 'hostile', run = function(p)
runbook.wait_until(function() while true do end end, {timeout_s = 3})
end }
