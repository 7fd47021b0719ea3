return runbook.define{ name = "golden", run = function(p)
cluster.store(4)
end }
