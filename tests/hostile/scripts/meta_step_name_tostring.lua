-- expect: error E_ARG_TYPE
return runbook.define{ name = 'hostile', run = function(p)
runbook.step(setmetatable({}, {__tostring = function() while true do end end}), function() end)
end }
