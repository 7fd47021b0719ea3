-- expect: ok
-- message: difftime ok
return runbook.define{ name = 'hostile', run = function(p)
local a = os.difftime(1e308, -1e308) local b = os.difftime(0/0, 1) log.info('difftime ok')
end }
