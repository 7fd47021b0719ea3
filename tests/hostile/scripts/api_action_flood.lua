-- expect: error E_LIMIT_ACTIONS
-- message: action count limit exceeded
return runbook.define{ name = 'hostile', run = function(p)
while true do pcall(actions.log, {message = 'x'}) end
end }
