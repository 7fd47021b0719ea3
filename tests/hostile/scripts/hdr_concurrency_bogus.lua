-- expect: error E_ARG_DOMAIN
return runbook.define{ name = 'x', concurrency = 'all', run = function() end }
