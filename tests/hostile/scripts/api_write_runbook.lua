-- expect: error E_GLOBAL
-- message: read-only table 'runbook'
return runbook.define{ name = 'hostile', run = function(p)
runbook.define = function() return true end
end }
