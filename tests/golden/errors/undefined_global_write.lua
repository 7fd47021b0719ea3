return runbook.define{ name = "golden", run = function(p)
count = 1
end }
