return runbook.define{ name = "golden", run = function(p)
runbook.wait_until(function() return false end, { timeout_s = 3, interval_s = 1 })
end }
-- mode: live
