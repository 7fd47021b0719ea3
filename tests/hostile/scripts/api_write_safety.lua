-- expect: error E_GLOBAL
-- message: read-only table 'safety'
return runbook.define{ name = 'hostile', run = function(p)
safety.require = function() return true end
end }
