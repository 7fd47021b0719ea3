#!/usr/bin/env medic run -- expect: ok
-- message: ran
return runbook.define{ name = 'x', run = function(p) log.info('ran') end }
