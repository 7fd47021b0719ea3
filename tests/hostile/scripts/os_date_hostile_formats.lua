-- expect: error E_SCRIPT
-- message: all returned
return runbook.define{ name = 'hostile', run = function(p)
for _, f in ipairs({'%', '%E', '%O', '%Ez', '%%%%%', '%Q', '%-', '%5', '%c%c%c', '*t', '!*t', '!%c', '\0%c'}) do pcall(os.date, f) end pcall(os.date, '%c', -1e11) pcall(os.date, '*t', 1e11) error('all returned')
end }
