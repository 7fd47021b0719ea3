-- expect: error E_ARG_TYPE|E_ARG_UNKNOWN|E_ARG_DOMAIN
return runbook.define{ name = 'x', params = { [1] = { type = 'integer' } }, run = function() end }
