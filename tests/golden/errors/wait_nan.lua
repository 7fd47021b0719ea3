return runbook.define{ name = "golden", run = function(p)
runbook.wait(0/0)
end }
