-- expect: error E_MODE
return runbook.define{ name = 'hostile', run = function(p)
coroutine.wrap(function() runbook.wait_until(function() return false end) end)()
end }
