-- expect: error E_ARG_TYPE
return runbook.define{ name = 'x', run = setmetatable({}, {__call = function() end}) }
