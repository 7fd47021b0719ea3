-- expect: error E_SCRIPT
-- message: fake
return runbook.define{ name = 'hostile', run = function(p)
error('other.lua:99: fake', 0)
end }
