return runbook.define{ name = "golden", run = function(p)
runbook.step(42, function() end)
end }
