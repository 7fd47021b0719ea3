-- expect: error E_SCRIPT
-- message: protected metatable
return runbook.define{ name = 'hostile', run = function(p)
setmetatable(_G, nil)
end }
