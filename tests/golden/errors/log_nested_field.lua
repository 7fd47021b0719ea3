return runbook.define{ name = "golden", run = function(p)
log.info("x", { nested = {} })
end }
