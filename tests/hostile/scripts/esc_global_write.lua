-- expect: error E_GLOBAL
-- message: write global 'x'
return runbook.define{ name = 'hostile', run = function(p)
x = 1
end }
