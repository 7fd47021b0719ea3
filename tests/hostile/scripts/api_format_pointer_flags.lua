-- expect: error E_SCRIPT
-- message: %p is not available
return runbook.define{ name = 'hostile', run = function(p)
local s = string.format('%-20p', print)
end }
