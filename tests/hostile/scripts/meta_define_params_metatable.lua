-- expect: error E_ARG_TYPE
return runbook.define{ name = 'x', params = setmetatable({}, {__index = function() while true do end end}), run = function() end }
