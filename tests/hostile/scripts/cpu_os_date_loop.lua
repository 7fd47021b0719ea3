-- expect: error E_LIMIT_CPU
-- message: cpu time limit exceeded
return runbook.define{ name = 'hostile', run = function(p)
while true do local x = os.date(('%c'):rep(100)) end
end }
