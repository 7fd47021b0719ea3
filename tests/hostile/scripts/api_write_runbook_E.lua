-- expect: error E_GLOBAL
-- message: read-only table 'runbook.E'
return runbook.define{ name = 'hostile', run = function(p)
runbook.E.SAFETY_VETO = 'x'
end }
