-- expect: error E_LIMIT_CPU
-- message: cpu time limit exceeded
return runbook.define{ name = 'hostile', run = function(p)
table.sort({3, 2, 1}, function(a, b) while true do end end)
end }
