-- expect: ok
-- message: printed nils
return runbook.define{ name = 'hostile', run = function(p)
print() print(nil) print(nil, nil) log.info('printed nils')
end }
