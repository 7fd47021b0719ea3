-- expect: error E_ARG_TYPE
return runbook.define{ run = function() end }
