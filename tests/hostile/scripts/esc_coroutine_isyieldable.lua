-- expect: error E_SCRIPT
-- message: 5.1 coroutine library
return runbook.define{ name = 'hostile', run = function(p)
assert(coroutine.isyieldable == nil) error('5.1 coroutine library')
end }
