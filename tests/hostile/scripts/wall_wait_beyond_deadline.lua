-- expect: error E_ARG_DOMAIN
-- message: within the run
-- flags: --wall-limit 1
return runbook.define{ name = 'hostile', run = function(p)
runbook.wait(1e9)
end }
