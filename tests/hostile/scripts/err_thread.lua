-- expect: error E_SCRIPT
-- message: error value is a thread
return runbook.define{ name = 'hostile', run = function(p)
error(coroutine.create(print))
end }
