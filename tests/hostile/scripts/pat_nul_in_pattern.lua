-- expect: ok
-- message: nul ok
return runbook.define{ name = 'hostile', run = function(p)
local s = 'a\0b' assert(s:find('\0', 1, true) == 2) assert(s:match('a%z?') ) log.info('nul ok')
end }
