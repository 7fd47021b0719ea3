return runbook.define{ name = "golden", run = function(p)
actions.transfer_leader{ 12, 4 }
end }
