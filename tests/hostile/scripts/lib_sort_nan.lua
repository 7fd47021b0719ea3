-- expect: ok
-- message: sorted nan
return runbook.define{ name = 'hostile', run = function(p)
local t = {0/0, 1, 0/0, 2, 0/0} pcall(table.sort, t) log.info('sorted nan')
end }
