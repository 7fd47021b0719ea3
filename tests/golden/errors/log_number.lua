return runbook.define{ name = "golden", run = function(p)
log.info(42)
end }
