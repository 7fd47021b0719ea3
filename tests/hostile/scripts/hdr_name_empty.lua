-- expect: error E_ARG_DOMAIN
return runbook.define{ name = '', run = function() end }
