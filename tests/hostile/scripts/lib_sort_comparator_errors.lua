-- expect: error E_SCRIPT
-- message: cmp failed
return runbook.define{ name = 'hostile', run = function(p)
table.sort({3, 2, 1}, function() error('cmp failed') end)
end }
