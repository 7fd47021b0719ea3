return runbook.define{ name = "golden", run = function(p)
log.info("x", { [1] = "a" })
end }
