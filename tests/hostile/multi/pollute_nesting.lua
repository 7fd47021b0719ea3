-- expect: error E_LIMIT_NESTING
return runbook.define{ name = 'p', run = function()
  local function f(s) return (s:gsub('.', f)) end
  f('abc')
end }
