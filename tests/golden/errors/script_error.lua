return runbook.define{ name = "golden", run = function(p)
error("boom")
end }
