-- expect: error E_SCRIPT
-- message: a\x1b[2Jb\x00c\nd\x07
return runbook.define{ name = 'hostile', run = function(p)
error('a\27[2Jb\0c\nd\7')
end }
