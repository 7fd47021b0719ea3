-- expect: error E_LIMIT_LOG
-- message: log output limit exceeded
-- flags: --cpu-limit 3
-- (a generous CPU limit: the memory/other outcome must win even on a loaded machine)
return runbook.define{ name = 'hostile', run = function(p)
while true do print(('spam'):rep(100)) end
end }
