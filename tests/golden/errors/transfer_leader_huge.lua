return runbook.define{ name = "golden", run = function(p)
actions.transfer_leader{ region = 2^53 + 2, to_store = 4 }
end }
