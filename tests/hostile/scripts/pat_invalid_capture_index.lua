-- expect: error E_SCRIPT
-- message: invalid capture index
return runbook.define{ name = 'hostile', run = function(p)
local x = ('a'):gsub('a', '%9')
end }
