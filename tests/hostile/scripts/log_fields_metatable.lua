-- expect: error E_ARG_TYPE
return runbook.define{ name = 'hostile', run = function(p)
log.info('f', setmetatable({}, {__pairs = function() while true do end end}))
end }
