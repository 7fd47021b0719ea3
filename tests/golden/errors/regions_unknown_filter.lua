return runbook.define{ name = "golden", run = function(p)
cluster.regions{ stor = 4 }
end }
