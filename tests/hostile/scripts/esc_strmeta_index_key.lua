-- expect: error E_SCRIPT
-- message: nothing there
return runbook.define{ name = 'hostile', run = function(p)
assert(('x').__index == nil) assert(('x').__metatable == nil) error('nothing there')
end }
