-- expect: ok
-- message: end
return runbook.define{ name = 'hostile', run = function(p)
log.info('bad \255\254 \192\128 \237\160\128 end') print('\255')
end }
