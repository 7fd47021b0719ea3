return runbook.define{ name = "golden", risk = "extreme", run = function() end }
