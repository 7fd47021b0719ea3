-- expect: error E_ARG_DOMAIN
return runbook.define{ name = 'x', deadline_s = 1e9, run = function() end }
