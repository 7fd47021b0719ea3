-- expect: error E_SCRIPT
-- message: no metatables
return runbook.define{ name = 'hostile', run = function(p)
assert(getmetatable(1) == nil and getmetatable(print) == nil and getmetatable(coroutine.create(print)) == nil and getmetatable(nil) == nil) error('no metatables')
end }
