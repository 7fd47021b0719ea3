-- expect: error E_GLOBAL
-- message: 'jit'
return runbook.define{ name = 'hostile', run = function(p)
jit.on() local x = 0 for i = 1, 1e9 do x = x + i end
end }
