return runbook.define{ name = "golden",
  params = { store = { type = "integer", required = true } },
  run = function(p) end }
