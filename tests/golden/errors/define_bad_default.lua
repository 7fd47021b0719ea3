return runbook.define{ name = "golden",
  params = { store = { type = "integer", default = "4" } },
  run = function() end }
