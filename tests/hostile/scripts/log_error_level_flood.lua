-- expect: error E_LIMIT_LOG
-- message: log output limit exceeded
return runbook.define{ name = 'hostile', run = function(p)
while true do log.error(('e'):rep(2000)) end
end }
