-- expect: ok
-- message: stepped
return runbook.define{ name = 'hostile', run = function(p)
runbook.step('a\27[2J\nb', function() end) log.info('stepped')
end }
