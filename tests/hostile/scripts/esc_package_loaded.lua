-- expect: error E_GLOBAL
-- message: 'package'
return runbook.define{ name = 'hostile', run = function(p)
local io = package.loaded.io
end }
