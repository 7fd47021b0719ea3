-- expect: error E_SCRIPT
-- message: bad argument #1 to 'resume' (coroutine expected)
return runbook.define{ name = 'hostile', run = function(p)
coroutine.resume(42)
end }
