-- expect: ok
-- message: status dry_run
return runbook.define{ name = 'hostile', run = function(p)
local r = actions.log{message = 'a'} for k in pairs(r) do r[k] = nil end local r2 = actions.log{message = 'b'} assert(r2.status) log.info('status ' .. r2.status)
end }
