return runbook.define{ name = "golden", run = function(p)
actions.transfer_leader{ region = 0/0, to_store = 4 }
end }
