-- expect: error E_PARAM
-- message: is required
return runbook.define{ name = 'x', params = { n = { type = 'integer', required = true } }, run = function() end }
