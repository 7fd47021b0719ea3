-- expect: error E_GLOBAL
-- message: read-only table 'math'
return runbook.define{ name = 'hostile', run = function(p)
math.floor = function() return true end
end }
