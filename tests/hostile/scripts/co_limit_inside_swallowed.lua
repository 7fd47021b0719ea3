-- expect: error E_LIMIT_CPU
-- message: cpu time limit exceeded
return runbook.define{ name = 'hostile', run = function(p)
while true do local ok, e = coroutine.resume(coroutine.create(function() while true do end end)) end
end }
