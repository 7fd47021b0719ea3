-- expect: ok
-- message: original body
local h = runbook.define{ name = 'x', run = function() log.info('original body') end }
h.run = function() log.info('swapped body') end
return h
