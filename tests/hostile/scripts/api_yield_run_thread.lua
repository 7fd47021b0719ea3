-- expect: error E_SCRIPT
-- message: attempt to yield from outside a coroutine
return runbook.define{ name = 'hostile', run = function(p)
coroutine.yield('escape')
end }
