-- expect: error E_GLOBAL
-- message: read-only table 'log'
return runbook.define{ name = 'hostile', run = function(p)
log.info = function() return true end
end }
