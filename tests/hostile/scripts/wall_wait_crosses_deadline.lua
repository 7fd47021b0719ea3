-- expect: error E_ARG_DOMAIN
-- message: got 0.6
-- flags: --wall-limit 1 --execute
-- The second wait would end after the 1 s deadline: refused, with a message
-- that names the seconds asked for.
return runbook.define{ name = 'x', run = function()
  runbook.wait(0.6)
  runbook.wait(0.6)
end }
