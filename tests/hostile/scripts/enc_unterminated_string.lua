-- expect: error E_SYNTAX
local s = 'abc
return 1
