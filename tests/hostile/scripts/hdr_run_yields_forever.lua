-- expect: error E_LIMIT_WALL
-- message: wall-clock deadline exceeded
-- flags: --wall-limit 0.5 --execute
return runbook.define{ name = 'x', run = function() runbook.wait_until(function() return false end, {timeout_s = 1e6, interval_s = 0.01}) end }
