-- expect: error E_SCRIPT
-- message: attempt to call method 'dump'
return runbook.define{ name = 'hostile', run = function(p)
local d = (''):dump()
end }
