-- expect: ok
-- message: bytes 3
local s = 'ÿþÀ'
return runbook.define{ name = 'x', run = function() log.info('bytes ' .. #s) end }
