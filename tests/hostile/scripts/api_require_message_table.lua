-- expect: error E_ARG_TYPE
return runbook.define{ name = 'hostile', run = function(p)
safety.require(false, setmetatable({}, {__tostring = function() while true do end end}))
end }
