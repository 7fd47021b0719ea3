-- expect: ok
-- message: concat ok
return runbook.define{ name = 'hostile', run = function(p)
pcall(table.concat, {'a', 'b'}, ',', -2^31, -2^31 + 1) pcall(table.concat, {}, '', 1, 2^31) log.info('concat ok')
end }
