-- expect: error E_SCRIPT
-- message: all returned
return runbook.define{ name = 'hostile', run = function(p)
for _, t in ipairs({{year = 1e300, month = 1, day = 1}, {year = -2^53, month = 1, day = 1}, {year = 2000, month = 0/0, day = 1}, {year = 2000, month = 1, day = 'x'}, {year = 2000}, {year = 2000, month = 1, day = 1, isdst = {}}, {year = 2^31, month = 2^31, day = 2^31, hour = 2^31, min = 2^31, sec = 2^31}}) do pcall(os.time, t) end error('all returned')
end }
