-- expect: error E_ARG_DOMAIN|E_ARG_TYPE
return runbook.define{ name = 'x', params = { n = { type = 'string', default = {} } }, run = function() end }
