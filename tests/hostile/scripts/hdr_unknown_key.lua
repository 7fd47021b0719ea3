-- expect: error E_ARG_UNKNOWN
return runbook.define{ name = 'x', run = function() end, runn = 1 }
