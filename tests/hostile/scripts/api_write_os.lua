-- expect: error E_GLOBAL
-- message: read-only table 'os'
return runbook.define{ name = 'hostile', run = function(p)
os.time = function() return true end
end }
