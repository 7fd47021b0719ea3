-- expect: error E_SCRIPT
-- message: done
return runbook.define{ name = 'hostile', run = function(p)
for i = 1, 1e4 do setmetatable({}, {__gc = function() while true do end end}) end error('done')
end }
