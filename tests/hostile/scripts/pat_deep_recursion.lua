-- expect: error E_SCRIPT
-- message: pattern too complex
return runbook.define{ name = 'hostile', run = function(p)
local x = ('a'):rep(1000):match(('(a?)'):rep(31) .. ('a?'):rep(5000))
end }
