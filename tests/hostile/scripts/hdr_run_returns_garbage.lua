-- expect: ok
-- message: ran
return runbook.define{ name = 'x', run = function() log.info('ran') return setmetatable({}, {__gc = function() while true do end end}), coroutine.create(print), print end }
