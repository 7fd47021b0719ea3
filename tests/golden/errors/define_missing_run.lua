return runbook.define{ name = "golden" }
