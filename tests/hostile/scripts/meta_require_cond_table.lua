-- expect: ok
-- message: required
return runbook.define{ name = 'hostile', run = function(p)
safety.require(setmetatable({}, {__eq = function() return false end, __len = function() return 0 end}), 'truthy table') log.info('required')
end }
