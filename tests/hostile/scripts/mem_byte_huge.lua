-- expect: error E_SCRIPT
return runbook.define{ name = 'hostile', run = function(p)
local s = ('x'):rep(1e6) local t = {s:byte(1, -1)}
end }
