-- expect: error E_SCRIPT
-- message: poll failed
return runbook.define{ name = 'hostile', run = function(p)
runbook.wait_until(function() error('poll failed') end, {timeout_s = 1})
end }
