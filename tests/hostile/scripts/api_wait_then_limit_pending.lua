-- expect: error E_LIMIT_CPU
-- message: cpu time limit exceeded
return runbook.define{ name = 'hostile', run = function(p)
pcall(function() while true do end end) runbook.wait(0.01) log.info('must not run')
end }
