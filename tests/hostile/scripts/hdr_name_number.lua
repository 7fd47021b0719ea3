-- expect: error E_ARG_TYPE
return runbook.define{ name = 12, run = function() end }
