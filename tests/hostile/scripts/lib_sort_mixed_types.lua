-- expect: error E_SCRIPT
-- message: attempt to compare
return runbook.define{ name = 'hostile', run = function(p)
table.sort({1, 'a', {}, print})
end }
