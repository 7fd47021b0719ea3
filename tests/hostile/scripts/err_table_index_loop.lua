-- expect: error E_SCRIPT
-- message: error value is a table
return runbook.define{ name = 'hostile', run = function(p)
error(setmetatable({}, {__index = function() while true do end end}))
end }
