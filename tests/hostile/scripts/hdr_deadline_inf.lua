-- expect: error E_ARG_DOMAIN
return runbook.define{ name = 'x', deadline_s = math.huge, run = function() end }
