-- expect: error E_SCRIPT
return runbook.define{ name = 'hostile', run = function(p)
coroutine.resume({})
end }
