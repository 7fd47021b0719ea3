-- expect: error E_SYNTAX
local a = [2J
