-- expect: error E_GLOBAL
-- message: read-only table 'coroutine'
return runbook.define{ name = 'hostile', run = function(p)
coroutine.resume = function() return true end
end }
