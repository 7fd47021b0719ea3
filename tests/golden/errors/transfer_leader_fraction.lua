return runbook.define{ name = "golden", run = function(p)
actions.transfer_leader{ region = 12, to_store = 1.5 }
end }
