-- expect: error E_MODE
return runbook.define{ name = 'hostile', run = function(p)
('x'):gsub('x', function() return coroutine.wrap(function() runbook.wait(1) end)() end)
end }
