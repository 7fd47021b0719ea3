return runbook.define{ name = "golden", run = function(p)
error({ reason = "x" })
end }
