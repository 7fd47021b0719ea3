-- expect: error E_SCRIPT
-- message: metatable
return runbook.define{ name = 'hostile', run = function(p)
os.time(setmetatable({year = 2000, month = 1, day = 1}, {__index = function() while true do end end}))
end }
