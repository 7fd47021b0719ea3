return runbook.define{ name = "golden", run = function(p)
runbook.wait_until(function() return true end, { timout_s = 5 })
end }
