-- expect: error E_SCRIPT
-- message: attempt to yield across C-call boundary
-- flags: --execute
return runbook.define{ name = 'hostile', run = function(p)
print(setmetatable({}, {__tostring = function() runbook.wait(0.01) return 'x' end}))
end }
