-- expect: error E_SCRIPT
-- message: survived
return runbook.define{ name = 'hostile', run = function(p)
assert(('x'):find('x', -2^53) == 1) pcall(string.find, 'x', '', 2^31) pcall(string.find, 'x', '', 0/0) pcall(string.gsub, 'x', '', 'y', 2^53) pcall(string.match, 'x', '()', -2^63) pcall(string.gsub, 'x', 'x', 'y', 0/0) error('survived')
end }
