return runbook.define{ name = "golden", run = function(p)
actions.transfer_leader{ region = 1/0, to_store = 4 }
end }
