-- expect: error E_SCRIPT
-- message: attempt to call field 'dump'
return runbook.define{ name = 'hostile', run = function(p)
local d = ('').dump(print)
end }
