-- expect: error E_ARG_DOMAIN
return runbook.define{ name = 'x', risk = 'none', run = function() end }
