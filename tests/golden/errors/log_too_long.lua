return runbook.define{ name = "golden", run = function(p)
log.info(("x"):rep(70000))
end }
