return runbook.define{ name = "golden", run = function(p)
runbook.wait(100000)
end }
