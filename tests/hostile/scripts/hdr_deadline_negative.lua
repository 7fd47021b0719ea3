-- expect: error E_ARG_DOMAIN
return runbook.define{ name = 'x', deadline_s = -1, run = function() end }
