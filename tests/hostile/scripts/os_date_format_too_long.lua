-- expect: error E_SCRIPT
-- message: longer than 256
return runbook.define{ name = 'hostile', run = function(p)
local s = os.date(('%c'):rep(200))
end }
