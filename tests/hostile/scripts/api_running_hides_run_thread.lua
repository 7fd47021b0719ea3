-- expect: error E_SCRIPT
-- message: hidden
return runbook.define{ name = 'hostile', run = function(p)
assert(coroutine.running() == nil) error('hidden')
end }
