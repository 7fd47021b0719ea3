-- expect: error E_ARG_DOMAIN
return runbook.define{ name = 'hostile', run = function(p)
runbook.wait(0/0)
end }
