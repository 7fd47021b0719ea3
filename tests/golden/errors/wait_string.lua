return runbook.define{ name = "golden", run = function(p)
runbook.wait("5")
end }
