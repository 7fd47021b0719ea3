-- expect: ok
-- message: tonumber ok
return runbook.define{ name = 'hostile', run = function(p)
for _, b in ipairs({2, 16, 36}) do tonumber('zz', b) end pcall(tonumber, '1', 1) pcall(tonumber, '1', 99) pcall(tonumber, '1', 0/0) log.info('tonumber ok ' .. tostring(tonumber('0x1p4')) .. ' ' .. tostring(tonumber('nan')))
end }
