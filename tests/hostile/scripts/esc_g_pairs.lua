-- expect: error E_SCRIPT
-- message: pairs sees nothing
return runbook.define{ name = 'hostile', run = function(p)
local n = 0 for k, v in pairs(_G) do n = n + 1 end assert(n == 0) error('pairs sees nothing')
end }
