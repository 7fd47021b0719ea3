-- expect: error E_GLOBAL
-- message: undefined global
return runbook.define{ name = 'x', run = function() local y = ÿþ end }
