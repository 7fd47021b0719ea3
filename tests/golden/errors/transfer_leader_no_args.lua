return runbook.define{ name = "golden", run = function(p)
actions.transfer_leader()
end }
