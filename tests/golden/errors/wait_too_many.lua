return runbook.define{ name = "golden", run = function(p)
runbook.wait(1, 2)
end }
