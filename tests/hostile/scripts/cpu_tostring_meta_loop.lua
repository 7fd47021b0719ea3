-- expect: error E_LIMIT_CPU
-- message: cpu time limit exceeded
return runbook.define{ name = 'hostile', run = function(p)
print(setmetatable({}, {__tostring = function() while true do end end}))
end }
