-- expect: error E_ARG_DOMAIN
-- message: at most 65536 bytes
return runbook.define{ name = 'hostile', run = function(p)
log.info(('x'):rep(1e6)) log.info('after huge')
end }
