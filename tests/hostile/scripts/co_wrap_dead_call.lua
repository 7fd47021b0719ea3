-- expect: error E_SCRIPT
-- message: cannot resume dead coroutine
return runbook.define{ name = 'hostile', run = function(p)
local f = coroutine.wrap(function() end) f() f()
end }
