-- expect: ok
-- message: 1LL 2i 3ULL
return runbook.define{ name = 'hostile', run = function(p)
local s = '1LL 2i 3ULL' log.info(s) -- 4LL in a comment
--[[ 5i ]]
end }
