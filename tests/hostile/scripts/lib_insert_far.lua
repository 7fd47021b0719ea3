-- expect: ok
-- message: insert ok abc
-- table.insert(t, pos, v) shifts elements inside one C call: positions outside [1, #t + 1] are refused
return runbook.define{ name = 'hostile', run = function(p)
local t = {} for _, pos in ipairs({2^40, 0/0, -2^31, 0, -1, 1.5, 2^31, math.huge}) do assert(not pcall(table.insert, t, pos, 1)) end table.insert(t, 1, 'a') table.insert(t, 2, 'b') table.insert(t, 'c') log.info('insert ok ' .. table.concat(t))
end }
