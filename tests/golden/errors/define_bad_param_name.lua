return runbook.define{ name = "golden", params = { ["not an id"] = { type = "integer" } },
  run = function() end }
