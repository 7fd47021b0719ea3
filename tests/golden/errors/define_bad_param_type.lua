return runbook.define{ name = "golden",
  params = { store = { type = "int" } },
  run = function() end }
