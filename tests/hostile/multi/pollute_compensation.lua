-- expect: error E_SCRIPT
-- message: boom
return runbook.define{ name = 'p', run = function()
  runbook.step('a', function() end, function() while true do end end)
  error('boom')
end }
