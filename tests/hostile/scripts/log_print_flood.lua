-- expect: error E_LIMIT_LOG
-- message: log output limit exceeded
return runbook.define{ name = 'hostile', run = function(p)
while true do print(('spam'):rep(100)) end
end }
