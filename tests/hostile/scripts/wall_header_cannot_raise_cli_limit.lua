-- expect: error E_LIMIT_WALL
-- message: wall-clock deadline exceeded
-- flags: --wall-limit 1 --execute
return runbook.define{ name = 'x', deadline_s = 86400, run = function()
  runbook.wait_until(function() return false end, {timeout_s = 3000, interval_s = 0.05})
end }
