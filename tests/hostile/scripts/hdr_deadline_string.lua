-- expect: error E_ARG_TYPE
return runbook.define{ name = 'x', deadline_s = '600', run = function() end }
