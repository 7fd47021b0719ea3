-- expect: error E_SCRIPT
-- message: invalid value
return runbook.define{ name = 'hostile', run = function(p)
table.concat({1, {}, 3})
end }
