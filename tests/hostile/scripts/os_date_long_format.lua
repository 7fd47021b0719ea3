-- expect: ok
-- message: date length
return runbook.define{ name = 'hostile', run = function(p)
local s = os.date(('%c'):rep(128)) log.info('date length ' .. #s)
end }
