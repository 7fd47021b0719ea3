return runbook.define{ name = "golden", run = function(p)
safety.approve{}
end }
