-- expect: error E_GLOBAL
-- message: read-only table 'table'
return runbook.define{ name = 'hostile', run = function(p)
table.insert = function() return true end
end }
