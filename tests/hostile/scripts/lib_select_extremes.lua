-- expect: error E_SCRIPT
-- message: survived
return runbook.define{ name = 'hostile', run = function(p)
pcall(select, 2^31, 1) pcall(select, -2^31, 1) pcall(select, 0/0, 1) pcall(select, -1) error('survived')
end }
