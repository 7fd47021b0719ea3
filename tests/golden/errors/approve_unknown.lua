return runbook.define{ name = "golden", run = function(p)
safety.approve{ summary = "x", timeout = 5 }
end }
