-- expect: error E_ARG_DOMAIN
-- message: got control character 27
return runbook.define{ name = 'hostile', run = function(p)
safety.approve{summary = 'ok\27[2J\27]0;x\7'} log.info('approved in dry run')
end }
