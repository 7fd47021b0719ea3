-- expect: error E_SCRIPT
-- message: attempt to yield across C-call boundary
-- flags: --execute
return runbook.define{ name = 'hostile', run = function(p)
local s = ('x'):gsub('x', function() runbook.wait(0.01) end)
end }
