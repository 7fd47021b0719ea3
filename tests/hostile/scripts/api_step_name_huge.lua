-- expect: error E_ARG_DOMAIN|E_ARG_TYPE
return runbook.define{ name = 'hostile', run = function(p)
runbook.step(('n'):rep(1e6), function() end)
end }
