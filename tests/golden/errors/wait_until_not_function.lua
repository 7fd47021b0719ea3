return runbook.define{ name = "golden", run = function(p)
runbook.wait_until(true)
end }
