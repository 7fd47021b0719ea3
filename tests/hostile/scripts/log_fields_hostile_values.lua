-- expect: ok
-- message: fields ok
return runbook.define{ name = 'hostile', run = function(p)
log.info('f', {a = 0/0, b = math.huge, c = -math.huge, d = 2^63, e = '\27[2J', f = -0}) log.info('fields ok')
end }
