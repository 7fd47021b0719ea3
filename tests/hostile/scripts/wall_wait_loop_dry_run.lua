-- expect: error E_LIMIT_LOG
-- message: log output limit exceeded
-- flags: --wall-limit 1
-- The dry-run twin of wall_wait_loop.lua: a dry-run does not wait, so the
-- loop is plain script work, and its one log line per wait ends it.
return runbook.define{ name = 'hostile', run = function(p)
while true do runbook.wait(0.001) end
end }
