-- expect: error E_ARG_TYPE
return runbook.define{ name = 'x', params = { n = { doc = 'x' } }, run = function() end }
