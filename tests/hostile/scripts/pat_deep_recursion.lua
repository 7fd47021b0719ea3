-- expect: error E_SCRIPT
-- message: pattern too complex
-- flags: --cpu-limit 3
-- (a generous CPU limit: the memory/other outcome must win even on a loaded machine)
return runbook.define{ name = 'hostile', run = function(p)
local x = ('a'):rep(1000):match(('(a?)'):rep(31) .. ('a?'):rep(5000))
end }
