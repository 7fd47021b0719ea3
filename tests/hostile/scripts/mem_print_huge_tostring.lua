-- expect: ok
-- message: after
return runbook.define{ name = 'hostile', run = function(p)
print(setmetatable({}, {__tostring = function() return ('x'):rep(1e6) end})) log.info('after')
end }
