-- expect: error E_SCRIPT
-- message: attempt to yield across
return runbook.define{ name = 'hostile', run = function(p)
coroutine.wrap(function() ('x'):gsub('x', function() coroutine.yield() end) end)()
end }
