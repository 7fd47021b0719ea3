-- expect: error E_ARG_TYPE
-- a table with a __index metamethod given to the host is refused without running it
return runbook.define{ name = 'hostile', run = function(p)
log.info('x', setmetatable({a = 1}, {__index = function() while true do end end}))
end }
