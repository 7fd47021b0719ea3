-- expect: error E_SCRIPT
-- message: attempt to yield across
return runbook.define{ name = 'hostile', run = function(p)
coroutine.wrap(function() table.sort({1, 2, 3}, function(a, b) coroutine.yield() return a < b end) end)()
end }
