-- expect: error E_ARG_TYPE
-- a table with a __mode metamethod given to the host is refused without running it
return runbook.define{ name = 'hostile', run = function(p)
log.info('x', setmetatable({a = 1}, {__mode = 'k'}))
end }
