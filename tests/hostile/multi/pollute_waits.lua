-- expect: ok
-- message: waited
return runbook.define{ name = 'p', run = function()
  for i = 1, 5 do runbook.wait(0.05) end
  log.info('waited')
end }
