-- expect: error E_SCRIPT
return runbook.define{ name = 'hostile', run = function(p)
xpcall(function() error('x') end, function() error({}) end) error('after')
end }
