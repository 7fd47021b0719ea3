-- expect: error E_SYNTAX
local x <const> = 1 // 2
