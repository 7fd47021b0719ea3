-- expect: error E_SCRIPT
-- message: attempt to yield across C-call boundary
-- flags: --execute
return runbook.define{ name = 'hostile', run = function(p)
table.sort({3, 2, 1}, function(a, b) runbook.wait(0.01) return a < b end)
end }
