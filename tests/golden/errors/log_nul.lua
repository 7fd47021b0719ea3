return runbook.define{ name = "golden", run = function(p)
log.info("a\0b")
end }
