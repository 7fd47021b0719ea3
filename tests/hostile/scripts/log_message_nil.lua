-- expect: error E_ARG_TYPE
return runbook.define{ name = 'hostile', run = function(p)
log.info(nil)
end }
