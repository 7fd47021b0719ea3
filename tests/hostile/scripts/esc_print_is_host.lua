-- expect: ok
-- message: hello from print
return runbook.define{ name = 'hostile', run = function(p)
print('hello from print') log.info(type(print))
end }
