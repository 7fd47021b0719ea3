-- expect: ok
-- message: after waits true
return runbook.define{ name = 'hostile', run = function(p)
pcall(runbook.wait, 0.02) local ok = xpcall(runbook.wait, print, 0.02) log.info('after waits ' .. tostring(ok))
end }
