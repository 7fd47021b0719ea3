-- expect: error E_SCRIPT
-- message: compat functions removed
return runbook.define{ name = 'hostile', run = function(p)
assert(table.setn == nil and table.foreach == nil and table.foreachi == nil) error('compat functions removed')
end }
