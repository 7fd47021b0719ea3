-- expect: error E_GLOBAL
-- message: read-only table 'cluster'
return runbook.define{ name = 'hostile', run = function(p)
cluster.stores = function() return true end
end }
