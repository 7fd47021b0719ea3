return runbook.define{ name = "golden", run = function(p)
safety.require(false, "need at least 3 Up stores")
end }
