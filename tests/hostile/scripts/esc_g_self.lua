-- expect: error E_SCRIPT
-- message: same proxy
return runbook.define{ name = 'hostile', run = function(p)
assert(_G._G == _G) assert(_G.string == string) error('same proxy')
end }
