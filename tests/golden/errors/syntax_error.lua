return runbook.define{ name = "golden", run = function()
  local x = = 1
end }
