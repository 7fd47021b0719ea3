-- expect: error E_SCRIPT
-- message: no heap addresses
return runbook.define{ name = 'hostile', run = function(p)
for _, v in ipairs({{}, print, actions.transfer_leader, coroutine.create(print), string.upper}) do local s = tostring(v) assert(s:match(': 0x0000') , s) end error('no heap addresses')
end }
