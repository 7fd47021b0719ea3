-- expect: ok
-- message: remove ok
return runbook.define{ name = 'hostile', run = function(p)
local t = {1, 2, 3} pcall(table.remove, t, 2^40) pcall(table.remove, t, -2^31) pcall(table.remove, t, 0/0) log.info('remove ok')
end }
