-- expect: ok
-- message: ran
return runbook.define{ name = 'a\27[2Jb', run = function() log.info('ran') end }
