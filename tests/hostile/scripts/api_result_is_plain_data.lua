-- expect: ok
-- message: second result dry_run
return runbook.define{ name = 'hostile', run = function(p)
local a = actions.log{message = 'a'} a.status = 'PWNED' setmetatable(a, {__index = function() error('hijacked') end}) local b = actions.log{message = 'b'} assert(b.status ~= 'PWNED') assert(getmetatable(b) == nil) log.info('second result ' .. b.status)
end }
