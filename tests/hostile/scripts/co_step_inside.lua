-- expect: ok
-- message: step in coroutine: stepped
return runbook.define{ name = 'hostile', run = function(p)
local co = coroutine.wrap(function() return runbook.step('inner', function() return 'stepped' end) end) log.info('step in coroutine: ' .. co())
end }
