-- expect: error E_ARG_TYPE
return runbook.define{ name = 'x', params = { n = 'integer' }, run = function() end }
