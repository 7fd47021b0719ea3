-- expect: error E_ARG_TYPE
return runbook.define(setmetatable({ name = 'x', run = function() end }, {__index = function() while true do end end}))
