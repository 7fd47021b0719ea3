-- expect: ok
-- message: a\r\nb\x1b[31mc\tz\x01end
-- message: p\x1b]0;title\x07q
return runbook.define{ name = 'hostile', run = function(p)
log.info('a\r\nb\27[31mc\tz\1end') print('p\27]0;title\7q')
end }
