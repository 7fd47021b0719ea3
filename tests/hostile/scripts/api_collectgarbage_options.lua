-- expect: error E_SCRIPT
-- message: only count
return runbook.define{ name = 'hostile', run = function(p)
for _, o in ipairs({'collect', 'stop', 'restart', 'step', 'setpause', 'setstepmul', 'isrunning', 'generational'}) do local ok = pcall(collectgarbage, o) assert(not ok, o) end assert(type(collectgarbage('count')) == 'number') error('only count')
end }
