-- expect: error E_GLOBAL
-- message: read-only table 'bit'
return runbook.define{ name = 'hostile', run = function(p)
bit.band = function() return true end
end }
