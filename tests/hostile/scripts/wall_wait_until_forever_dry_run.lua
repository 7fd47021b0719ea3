-- expect: ok
-- message: dry-run: would wait until the condition holds, at most 3000 s
-- flags: --wall-limit 1
-- The dry-run twin of wall_wait_until_forever.lua: the condition is checked
-- once, the plan says what the live run would wait for, and the run goes on.
return runbook.define{ name = 'hostile', run = function(p)
runbook.wait_until(function() return false end, {timeout_s = 3000, interval_s = 1e-9})
log.info('after the wait')
end }
