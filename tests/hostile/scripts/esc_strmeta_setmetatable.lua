-- expect: error E_SCRIPT
-- message: bad argument #1
return runbook.define{ name = 'hostile', run = function(p)
setmetatable('', {})
end }
