-- expect: error E_LIMIT_LOG
-- message: log output limit exceeded
return runbook.define{ name = 'hostile', run = function(p)
while true do pcall(log.info, ('x'):rep(1000)) end
end }
