-- expect: error E_GLOBAL
-- message: 'require'
return runbook.define{ name = 'hostile', run = function(p)
local buf = require('string.buffer')
end }
