return runbook.define{ name = "golden", run = function(p)
actions.transfer_leader{ region = 12, to_sotre = 4 }
end }
