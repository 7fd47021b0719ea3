-- expect: error E_LIMIT_CPU
-- message: cpu time limit exceeded
return runbook.define{ name = 'hostile', run = function(p)
while true do xpcall(function() while true do end end, function(e) return e end) end
end }
