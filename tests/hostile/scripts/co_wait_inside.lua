-- expect: error E_MODE
-- message: cannot wait inside a coroutine
return runbook.define{ name = 'hostile', run = function(p)
coroutine.wrap(function() runbook.wait(1) end)()
end }
