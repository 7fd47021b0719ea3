-- expect: error E_ARG_DOMAIN
return runbook.define{ name = 'x', params = { n = { type = 'number', default = 0/0 } }, run = function() end }
