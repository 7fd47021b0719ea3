-- expect: error E_ARG_TYPE
return runbook.define{ name = 'hostile', run = function(p)
runbook.wait_until(function() return true end, setmetatable({}, {__index = function() while true do end end}))
end }
