-- expect: error E_SCRIPT
-- message: only four: functionfunctionfunctionfunction
return runbook.define{ name = 'hostile', run = function(p)
local n = 0 for k in pairs(os) do n = n + 1 end assert(n == 0) assert(os.execute == nil and os.getenv == nil and os.exit == nil) error('only four: ' .. type(os.time) .. type(os.clock) .. type(os.date) .. type(os.difftime))
end }
