-- expect: error E_ARG_DOMAIN
return runbook.define{ name = 'x', params = { n = { type = 'integer', default = 1.5 } }, run = function() end }
