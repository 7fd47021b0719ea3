-- expect: error E_LIMIT_WALL
-- message: wall-clock deadline exceeded
-- flags: --wall-limit 1 --execute
return runbook.define{ name = 'hostile', run = function(p)
runbook.wait_until(function() return false end, {timeout_s = 3000, interval_s = 1e-9})
end }
