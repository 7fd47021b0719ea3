-- expect: error E_HEADER
-- message: got nil
runbook.define{ name = 'x', run = function() end }
