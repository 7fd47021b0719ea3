-- expect: error E_ARG_DOMAIN
return runbook.define{ name = 'x', params = { n = { type = 'integer', default = math.huge } }, run = function() end }
