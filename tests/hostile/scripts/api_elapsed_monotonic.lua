-- expect: ok
-- message: elapsed ok
-- flags: --execute
return runbook.define{ name = 'hostile', run = function(p)
local a = runbook.elapsed() runbook.wait(0.02) local b = runbook.elapsed() assert(b >= a + 0.015) log.info('elapsed ok')
end }
