-- expect: error E_ARG_TYPE|E_ARG_COUNT
return runbook.define{ name = 'hostile', run = function(p)
cluster:store(1)
end }
