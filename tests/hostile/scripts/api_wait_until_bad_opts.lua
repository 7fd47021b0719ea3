-- expect: error E_ARG_UNKNOWN
return runbook.define{ name = 'hostile', run = function(p)
runbook.wait_until(function() return true end, {timeout = 1})
end }
