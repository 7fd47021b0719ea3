return runbook.define{ name = "golden", run = function(p)
safety.require(false, "need 3 stores")
end }
