-- expect: error E_ARG_DOMAIN
return runbook.define{ name = 'x', deadline_s = 0/0, run = function() end }
