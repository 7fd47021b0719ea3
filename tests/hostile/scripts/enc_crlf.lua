-- expect: ok
-- message: crlf ok
local a = 1
return runbook.define{ name = 'x',
 run = function() log.info('crlf ok') end }
