-- expect: error E_ARG_TYPE
-- a table with a __tostring metamethod given to the host is refused without running it
return runbook.define{ name = 'hostile', run = function(p)
log.info('x', setmetatable({a = 1}, {__tostring = function() while true do end end}))
end }
