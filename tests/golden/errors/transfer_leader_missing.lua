return runbook.define{ name = "golden", run = function(p)
actions.transfer_leader{ to_store = 4 }
end }
