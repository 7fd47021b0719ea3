-- expect: error E_ARG_TYPE|E_ARG_DOMAIN
return runbook.define{ name = 'hostile', run = function(p)
log.info('f', {[('k'):rep(1e5)] = 1})
end }
