-- expect: error E_SCRIPT
-- message: survived
return runbook.define{ name = 'hostile', run = function(p)
local ok = pcall(unpack, {}, -2^31, 2^31 - 1) assert(not ok) local ok2 = pcall(unpack, {}, 0/0, 1e300) error('survived')
end }
