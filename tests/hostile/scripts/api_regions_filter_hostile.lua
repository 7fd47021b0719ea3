-- expect: error E_ARG_DOMAIN|E_ARG_TYPE
return runbook.define{ name = 'hostile', run = function(p)
cluster.regions{limit = 0/0}
end }
